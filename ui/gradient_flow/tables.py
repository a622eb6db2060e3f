"""Tables of the gradient-flow page as DataFrames: the three paths of dx, the gradient check, the projection property.

Pure builders (pandas), unit-tested in tests/ui/test_gradflow_ui.py; ``number_columns`` makes their display formats.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import streamlit as st

from bncore.experiments.gradient_flow import DxPaths, GradientCheck, ProjectionCheck

VERDICT_TEXT = {"pass": "✅ pass", "inconclusive": "⚠️ inconclusive", "fail": "❌ fail"}


def number_columns(names: Iterable[str], number_format: str) -> dict:
    """st.dataframe column_config showing the named columns with one printf format (e.g. "%.4f", "%.1e")."""
    return {name: st.column_config.NumberColumn(format=number_format) for name in names}


def feature_frame(x: np.ndarray, x_hat: np.ndarray, y: np.ndarray, dy: np.ndarray, feature: int) -> pd.DataFrame:
    """One feature's forward values and upstream gradient, one row per sample (numbered from 1)."""
    j = feature
    return pd.DataFrame(
        {"xᵢ": x[:, j], "x̂ᵢ": x_hat[:, j], "yᵢ = γx̂ᵢ + β": y[:, j], "dyᵢ": dy[:, j]},
        index=pd.RangeIndex(1, len(x) + 1, name="i"),
    )


def path_frame(paths: DxPaths, dx: np.ndarray, feature: int) -> pd.DataFrame:
    """dx of one feature split into its three paths, one row per sample; the paths add up to dx."""
    j = feature
    return pd.DataFrame(
        {
            "direct: dx̂ᵢ / √(σ²+ε)": paths.direct[:, j],
            "via σ²: dσ²·2(xᵢ−μ)/m": paths.through_variance[:, j],
            "via μ: dμ/m": paths.through_mean[:, j],
            "dxᵢ (sum)": dx[:, j],
        },
        index=pd.RangeIndex(1, len(dx) + 1, name="i"),
    )


def check_summary(check: GradientCheck) -> pd.DataFrame:
    """One row per checked gradient: relative error of the whole array, largest absolute difference, verdict."""
    return pd.DataFrame(
        {
            "gradient": ["dx", "dγ (gamma)", "dβ (beta)"],
            "relative error ‖a − n‖ / (‖a‖ + ‖n‖)": [p.error for p in check.parameters],
            "max |a − n|": [p.max_abs_error for p in check.parameters],
            "verdict": [VERDICT_TEXT[p.verdict] for p in check.parameters],
        }
    )


def check_entries(check: GradientCheck, feature_names: list[str]) -> pd.DataFrame:
    """Every entry: analytic a, numerical n and |a − n| / (|a| + |n|); dx row by row, then dγ and dβ per feature."""
    x_check, gamma_check, beta_check = check.parameters
    m = x_check.analytic.shape[0]
    names = [f"dx[{i + 1}, {f}]" for i in range(m) for f in feature_names]
    names += [f"dγ[{f}] (gamma)" for f in feature_names] + [f"dβ[{f}] (beta)" for f in feature_names]
    parts = (x_check, gamma_check, beta_check)
    return pd.DataFrame(
        {
            "gradient": names,
            "analytic": np.concatenate([p.analytic.reshape(-1) for p in parts]).astype(np.float64),
            "numerical": np.concatenate([p.numerical.reshape(-1) for p in parts]).astype(np.float64),
            "relative error": np.concatenate([p.entry_errors.reshape(-1) for p in parts]),
        }
    )


def projection_frame(projection: ProjectionCheck, feature_names: list[str]) -> pd.DataFrame:
    """Per feature: Σ dxᵢ, Σ dxᵢ x̂ᵢ and the eps term it equals exactly."""
    return pd.DataFrame(
        {
            "Σᵢ dxᵢ": projection.dx_sum,
            "Σᵢ dxᵢ·x̂ᵢ": projection.dx_dot_x_hat,
            "γ·dγ·ε / (σ²+ε)^(3/2)": projection.eps_leftover,
        },
        index=pd.Index(feature_names, name="feature"),
    )
