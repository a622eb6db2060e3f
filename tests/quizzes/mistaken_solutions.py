"""Learner code with one known slip each, as a learner would write it: (exercise id, mistake id) -> source."""

FORWARD = """
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0)
    var = {var}
    x_hat = {x_hat}
    return {y}
"""
RIGHT_FORWARD = {"var": "x.var(axis=0)", "x_hat": "(x - mean) / np.sqrt(var + eps)", "y": "gamma * x_hat + beta"}


def forward(**slip: str) -> str:
    return FORWARD.format(**{**RIGHT_FORWARD, **slip})


LAYER_NORM = """
def layernorm_forward(x, gamma, beta, eps=1e-5):
    mean = {mean}
    var = {var}
    x_hat = {x_hat}
    return {y}
"""
RIGHT_LAYER_NORM = {
    "mean": "x.mean(axis=1, keepdims=True)",
    "var": "x.var(axis=1, keepdims=True)",
    "x_hat": "(x - mean) / np.sqrt(var + eps)",
    "y": "gamma * x_hat + beta",
}


def layer_norm(**slip: str) -> str:
    return LAYER_NORM.format(**{**RIGHT_LAYER_NORM, **slip})


BACKWARD = """
def batchnorm_backward(dy, x, gamma, eps=1e-5):
    n = x.shape[0]
    mean = x.mean(axis=0)
    x_centered = x - mean
    var = x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = x_centered * inv_std
    dbeta = dy.sum(axis=0)
    dgamma = {dgamma}
    dx_hat = {dx_hat}
    dvar = (dx_hat * x_centered).sum(axis=0) * -0.5 * inv_std**3
    dmean = -(dx_hat * inv_std).sum(axis=0)
    dx = {dx}
    return {returned}
"""
RIGHT_BACKWARD = {
    "dgamma": "(dy * x_hat).sum(axis=0)",
    "dx_hat": "dy * gamma",
    "dx": "dx_hat * inv_std + dvar * 2.0 * x_centered / n + dmean / n",
    "returned": "dx, dgamma, dbeta",
}


def backward(**slip: str) -> str:
    return BACKWARD.format(**{**RIGHT_BACKWARD, **slip})


RUNNING = """
def update_running(running_mean, running_var, x, momentum=0.1):
    batch_mean = x.mean(axis=0)
    batch_var = {batch_var}
    new_mean = {new_mean}
    new_var = {new_var}
    return new_mean, new_var
"""
RIGHT_RUNNING = {
    "batch_var": "x.var(axis=0, ddof=1)",
    "new_mean": "(1 - momentum) * running_mean + momentum * batch_mean",
    "new_var": "(1 - momentum) * running_var + momentum * batch_var",
}
KERAS = {
    "new_mean": "momentum * running_mean + (1 - momentum) * batch_mean",
    "new_var": "momentum * running_var + (1 - momentum) * batch_var",
}


def running(**slip: str) -> str:
    return RUNNING.format(**{**RIGHT_RUNNING, **slip})


INFERENCE = """
def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    x_hat = {x_hat}
    return {y}
"""


def inference(x_hat: str = "(x - running_mean) / np.sqrt(running_var + eps)", y: str = "gamma * x_hat + beta") -> str:
    return INFERENCE.format(x_hat=x_hat, y=y)


MISTAKEN = {
    ("bn_forward", "unbiased_variance"): forward(var="x.var(axis=0, ddof=1)"),
    ("bn_forward", "eps_outside_sqrt"): forward(x_hat="(x - mean) / (np.sqrt(var) + eps)"),
    ("bn_forward", "missing_eps"): forward(x_hat="(x - mean) / np.sqrt(var)"),
    ("bn_forward", "missing_sqrt"): forward(x_hat="(x - mean) / (var + eps)"),
    ("bn_forward", "wrong_axis"): forward(
        var="x.var(axis=1, keepdims=True)", x_hat="(x - x.mean(axis=1, keepdims=True)) / np.sqrt(var + eps)"
    ),
    ("bn_forward", "missing_affine"): forward(y="x_hat"),
    ("bn_forward", "gamma_beta_swapped"): forward(y="beta * x_hat + gamma"),
    ("bn_forward", "ignores_eps"): forward(x_hat="(x - mean) / np.sqrt(var + 1e-5)"),
    ("bn_backward", "missing_mean_path"): backward(dx="dx_hat * inv_std + dvar * 2.0 * x_centered / n"),
    ("bn_backward", "missing_variance_path"): backward(dx="dx_hat * inv_std + dmean / n"),
    ("bn_backward", "missing_both_paths"): backward(dx="dx_hat * inv_std"),
    ("bn_backward", "dx_missing_gamma"): backward(dx_hat="dy"),
    ("bn_backward", "dgamma_uses_x"): backward(dgamma="(dy * x).sum(axis=0)"),
    ("bn_backward", "gradients_swapped"): backward(returned="dx, dbeta, dgamma"),
    ("running_stats", "keras_momentum"): running(**KERAS),
    ("running_stats", "biased_running_var"): running(batch_var="x.var(axis=0)"),
    ("running_stats", "keras_momentum_biased_var"): running(batch_var="x.var(axis=0)", **KERAS),
    ("running_stats", "no_blending"): running(new_mean="batch_mean", new_var="batch_var"),
    ("bn_inference", "batch_statistics"): inference(x_hat="(x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)"),
    ("bn_inference", "eps_outside_sqrt"): inference(x_hat="(x - running_mean) / (np.sqrt(running_var) + eps)"),
    ("bn_inference", "missing_eps"): inference(x_hat="(x - running_mean) / np.sqrt(running_var)"),
    ("bn_inference", "missing_sqrt"): inference(x_hat="(x - running_mean) / (running_var + eps)"),
    ("bn_inference", "missing_affine"): inference(y="x_hat"),
    ("layer_norm_forward", "wrong_axis"): layer_norm(mean="x.mean(axis=0)", var="x.var(axis=0)"),
    ("layer_norm_forward", "unbiased_variance"): layer_norm(var="x.var(axis=1, ddof=1, keepdims=True)"),
    ("layer_norm_forward", "eps_outside_sqrt"): layer_norm(x_hat="(x - mean) / (np.sqrt(var) + eps)"),
    ("layer_norm_forward", "missing_eps"): layer_norm(x_hat="(x - mean) / np.sqrt(var)"),
    ("layer_norm_forward", "missing_sqrt"): layer_norm(x_hat="(x - mean) / (var + eps)"),
    ("layer_norm_forward", "missing_affine"): layer_norm(y="x_hat"),
    ("layer_norm_forward", "ignores_eps"): layer_norm(x_hat="(x - mean) / np.sqrt(var + 1e-5)"),
}
