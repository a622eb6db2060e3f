"""The data: the UCI handwritten digits (``digits.npz``, provenance in DIGITS.md) and two generated 2-D sets behind
``load_dataset``, and the small feature tables of the walkthrough (``make_feature_batch``)."""
