"""What the learner reads for the engine's ids: the two arms of a comparison and the normalizations."""

ARM_LABELS = {"with_bn": "With BN", "without_bn": "Without BN"}  # bncore.training.comparison.ARMS

NORMALIZATION_NAMES = {  # bncore.norm.family.NORMALIZATIONS, and "none" (no normalization layer)
    "batch": "BatchNorm",
    "layer": "LayerNorm",
    "instance": "InstanceNorm",
    "group": "GroupNorm",
    "rms": "RMSNorm",
    "none": "No normalization",
}
