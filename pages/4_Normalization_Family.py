"""Normalization family: which elements of an (N, C, H, W) tensor share one mean and variance, and what follows."""

from ui.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import pandas as pd
import streamlit as st

from bncore.family import FACTS, NORMALIZATIONS, shared_set, shared_statistic
from ui import family_experiment
from ui.family_figures import batch_size_figure, degenerate_set_note, tensor_block_figure
from ui.family_state import EXPERIMENT_KEY, record_seen, resolve_groups
from ui.family_tensor import editable_tensor, make_tensor
from ui.glossary import explain_terms, term_help
from ui.state import keep, keep_in_range

setup_page("Normalization Family", "🧊")
st.title("The normalization family")
st.markdown(
    "Every normalization layer computes x̂ = (x − μ) / √(σ² + ε) and then γx̂ + β. They differ in one thing only: "
    "**which values share one μ and σ²**. Pick a layer and a cell of the tensor below and see the cells normalized "
    "together with it, as in Wu & He (2018), Figure 2.",
)
explain_terms(
    "feature",
    "mini_batch",
    "layer_norm",
    "group_norm",
    "instance_norm",
    "rms_norm",
    "running_average",
    "training_mode",
    "inference_mode",
    "epsilon",
)
TERM_IDS = {
    "LayerNorm": "layer_norm",
    "GroupNorm": "group_norm",
    "InstanceNorm": "instance_norm",
    "RMSNorm": "rms_norm",
    "BatchNorm": "batch_coupling",
}

# ---- The tensor ------------------------------------------------------------------------------------------------------
st.header("1. Who shares a statistic with whom")
samples_col, channels_col, size_col, seed_col = st.columns(4)
N = samples_col.slider("Samples N", 1, 6, key=keep("family.samples", 3), help=term_help("mini_batch"))
C = channels_col.slider("Channels C", 1, 8, key=keep("family.channels", 6), help=term_help("feature"))
size = size_col.selectbox(
    "Image size H × W",
    (1, 2, 3),
    format_func=lambda s: f"{s} × {s}",
    key=keep("family.size", 2),
    help="Spatial positions per channel; 1 × 1 is a plain feature vector.",
)
seed = seed_col.number_input("Seed", 0, 10_000, key=keep("family.seed", 0))
with st.expander("Edit the tensor's values (one row per sample and position, one column per channel)"):
    x, problem = editable_tensor(make_tensor(N, C, size, seed), (N, C, size, seed))
if problem:
    st.warning(problem)

norm_col, groups_col = st.columns([3, 1])
normalization = norm_col.radio(
    "Normalization",
    NORMALIZATIONS,
    key=keep("family.normalization", "BatchNorm"),
    horizontal=True,
    help=term_help("normalize"),
)
requested_groups = groups_col.number_input(
    "Groups G (GroupNorm)",
    1,
    8,
    key=keep("family.groups", 2),
    disabled=normalization != "GroupNorm",
    help=term_help("group_norm"),
)
record_seen(normalization)
groups, groups_problem = resolve_groups(C, int(requested_groups))
if groups_problem and normalization == "GroupNorm":
    st.warning(groups_problem)

sample_col, channel_col, position_col = st.columns(3)
for key, count in (("family.sample", N), ("family.channel", C), ("family.position", size * size)):
    keep_in_range(f"{key}.kept", count)
    keep_in_range(key, count)
n = sample_col.selectbox("Selected sample n", range(N), format_func=lambda i: f"n{i}", key=keep("family.sample", 0))
c = channel_col.selectbox("Selected channel c", range(C), format_func=lambda i: f"c{i}", key=keep("family.channel", 0))
p = position_col.selectbox(
    "Selected position (h, w)",
    range(size * size),
    key=keep("family.position", 0),
    format_func=lambda q: f"h{q // size}, w{q % size}",
)
element = (n, c, p // size, p % size)

mask = shared_set(x.shape, normalization, element, groups)
figure_col, numbers_col = st.columns([3, 2])
figure_col.plotly_chart(
    tensor_block_figure(
        x,
        mask,
        element,
        normalization,
        title=f"{normalization}{f' (G = {groups})' * (normalization == 'GroupNorm')}: "
        f"the {int(mask.sum())} cells sharing a statistic",
    ),
    key="family.block",
)
figure_col.caption(
    "Look at the colored cells: one μ and σ² is computed over all of them. Drag to turn the block; "
    "hover a cell for its value."
)
with numbers_col:
    st.subheader("That set's statistic, from bncore")
    try:
        stat = shared_statistic(x, normalization, element, groups)
    except ValueError as error:
        stat = None
        st.error(
            f"BatchNorm has one value per channel here (N = 1 and a 1 × 1 image): a variance of one number is "
            f"0, so it cannot train on this batch, as PyTorch says: “{error}” LayerNorm, InstanceNorm, GroupNorm "
            "and RMSNorm work on a single sample."
            if normalization == "BatchNorm"
            else str(error)
        )
    if stat is not None:
        st.metric("values sharing it", stat.count)
        if normalization == "RMSNorm":
            st.metric("mean of x² (no mean is subtracted)", f"{stat.mean_square:.4f}", help=term_help("rms_norm"))
            st.latex(
                rf"\begin{{aligned}}\hat x &= \frac{{x}}{{\sqrt{{\overline{{x^2}} + \epsilon}}}} \\ &= "
                rf"\frac{{{stat.value:.2f}}}{{\sqrt{{{stat.mean_square:.4f} + \epsilon}}}} = {stat.by_formula:.4f}"
                r"\end{aligned}"
            )
        else:
            st.metric("mean μ", f"{stat.mean:.4f}", help=term_help("mean"))
            st.metric("variance σ² (biased)", f"{stat.variance:.4f}", help=term_help("variance"))
            mean = f"({stat.mean:.4f})" if stat.mean < 0 else f"{stat.mean:.4f}"
            st.latex(
                rf"\begin{{aligned}}\hat x &= \frac{{x - \mu}}{{\sqrt{{\sigma^2 + \epsilon}}}} \\ &= "
                rf"\frac{{{stat.value:.2f} - {mean}}}{{\sqrt{{{stat.variance:.4f} + \epsilon}}}} = "
                rf"{stat.by_formula:.4f}\end{{aligned}}"
            )
        st.caption(f"bncore's {normalization} layer, run on the whole tensor, gives {stat.by_layer:.4f} for this cell.")
        note = degenerate_set_note(stat, normalization)
        if note:
            st.info(note, icon="ℹ️")

# ---- Properties ------------------------------------------------------------------------------------------------------
st.header("2. What follows from the choice of set")
yes_no = {True: "yes", False: "no"}
st.table(
    pd.DataFrame(
        {
            "normalization": [f.name for f in FACTS],
            "one statistic over": [f.statistics_over for f in FACTS],
            "depends on batch size?": [yes_no[f.depends_on_batch] for f in FACTS],
            "train ≠ inference?": [yes_no[f.train_differs_from_inference] for f in FACTS],
            "running statistics?": [yes_no[f.running_statistics] for f in FACTS],
            "typical use": [f.typical_use for f in FACTS],
        }
    ),
    hide_index=True,
)
st.caption(
    "Only BatchNorm pools over samples, so only BatchNorm needs running statistics for inference and only its "
    "output changes with the batch a sample lands in."
)

# ---- Batch-size experiment -------------------------------------------------------------------------------------------
st.header("3. Batch-size sensitivity")
st.markdown(
    "The same small network on handwritten digits, trained with BatchNorm, GroupNorm (on groups of hidden "
    "units) and LayerNorm at batch sizes 2 to 64; test accuracy measured in inference mode. "
    f"What was trained: {family_experiment.PLAN.describe()}"
)
if st.button(
    "Run the experiment",
    key="family.run_experiment",
    type="primary",
    help="About 15 seconds the first time; afterwards the runs come from the cache.",
):
    family_experiment.run_with_progress()
result = st.session_state.get(EXPERIMENT_KEY)
if result is None:
    st.info("Press the button to train the networks. Before you do: which line do you expect to fall at batch size 2?")
else:
    st.plotly_chart(batch_size_figure(result), key="family.batch_chart")
    st.caption("Look at the left end: how far each line drops as the batch shrinks. Bars show the range over seeds.")
    st.markdown(family_experiment.summary(result))
    st.markdown(
        "BatchNorm collapses at batch size 2: with two samples, x̂ of every unit is ±1 (which of the two is larger), "
        "so training sees almost nothing of the actual values, and the running statistics used at test time average "
        "very noisy two-sample estimates. GroupNorm and LayerNorm compute each sample's statistics from that sample "
        "alone, so the batch size only changes how many and how noisy the steps are. With the same number of "
        "epochs, large batches take fewer steps, which is why every line dips a little at 64. Wu & He (2018) saw "
        "the same on ImageNet: BatchNorm's error grows quickly below 16 images per batch, GroupNorm's does not."
    )

# ---- Where next ------------------------------------------------------------------------------------------------------
st.header("4. Where next: LayerNorm and RMSNorm in transformers")
st.markdown(
    "A transformer normalizes each token's vector of d features on its own: LayerNorm over the feature axis, exactly "
    "the 'per sample' set above with tokens as samples. Batch statistics would be a poor fit there: sequences have "
    "different lengths and padding, batches are small, and text is generated one token at a time, where a batch "
    "statistic does not exist. Modern models put the norm *before* each attention and MLP block (pre-LN), which "
    "keeps very deep stacks trainable. Many large language models (T5, LLaMA) go one step further with RMSNorm: no "
    "mean subtraction and no β, just x / RMS(x) · γ, which is cheaper and, in practice, works as well.",
    help=term_help("rms_norm"),
)
