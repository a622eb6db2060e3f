"""Normalization: batch norm as pure functions and as a layer, and its family (LayerNorm, GroupNorm,
InstanceNorm, RMSNorm), the argument checks they share, and the tools that verify them (gradient checks,
Jacobians, which values share a statistic)."""
