"""The network and its training: ``TrainConfig``, the MLP, loss and optimizers, the ``Trainer`` that records a
``History``, and the with/without-BN ``Comparison`` advanced in time-boxed chunks."""
