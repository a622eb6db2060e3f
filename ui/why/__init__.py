"""The "Why does it work?" page: internal covariate shift measured, noisy BN, the smoothness of the loss landscape,
the regularization side effect and scale invariance, each behind a prediction the learner commits to first."""
