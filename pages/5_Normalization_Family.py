"""Normalization family: which elements of an (N, C, H, W) tensor share one mean and variance, and what follows."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import streamlit as st

from bncore.norm.family import NORMALIZATIONS, shared_set, shared_statistic
from ui.common.glossary import explain_terms, term_help
from ui.common.labels import NORMALIZATION_NAMES
from ui.common.number_box import number_box
from ui.common.state import keep, keep_choice
from ui.exercises.view import exercise_section
from ui.family import experiment as family_experiment
from ui.family import predict as family_predict
from ui.family import statistic
from ui.family.charts import tensor_block
from ui.family.figures import batch_size_figure
from ui.family.keys import FamilyKeys
from ui.family.state import record_seen, resolve_groups
from ui.family.tensor import editable_tensor, make_tensor

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
# ---- The tensor ------------------------------------------------------------------------------------------------------
st.header("1. Who shares a statistic with whom")
samples_col, channels_col, size_col, seed_col = st.columns(4)
N = samples_col.slider("Samples N", 1, 6, **keep(FamilyKeys.SAMPLES, 3), help=term_help("mini_batch"))
C = channels_col.slider("Channels C", 1, 8, **keep(FamilyKeys.CHANNELS, 6), help=term_help("feature"))
size = size_col.selectbox(
    "Image size H × W",
    (1, 2, 3),
    format_func=lambda s: f"{s} × {s}",
    **keep_choice(FamilyKeys.SIZE, (1, 2, 3), 2),
    help="Spatial positions per channel; 1 × 1 is a plain feature vector.",
)
seed = number_box("Seed", 0, 10_000, key=FamilyKeys.SEED, default=0, step=1, container=seed_col)
with st.expander("Edit the tensor's values (one row per sample and position, one column per channel)"):
    x, problem = editable_tensor(make_tensor(N, C, size, seed), (N, C, size, seed))
if problem:
    st.warning(problem)

norm_col, groups_col = st.columns([3, 1])
normalization = norm_col.radio(
    "Normalization",
    NORMALIZATIONS,
    **keep_choice(FamilyKeys.NORMALIZATION, NORMALIZATIONS, "batch"),
    format_func=NORMALIZATION_NAMES.get,
    horizontal=True,
    help=term_help("normalize"),
)
requested_groups = number_box(
    "Groups G (GroupNorm)",
    1,
    8,
    key=FamilyKeys.GROUPS,
    default=2,
    step=1,
    container=groups_col,
    disabled=normalization != "group",
    help=term_help("group_norm"),
)
record_seen(normalization)
groups, groups_problem = resolve_groups(C, int(requested_groups))
if groups_problem and normalization == "group":
    st.warning(groups_problem)

sample_col, channel_col, position_col = st.columns(3)
n = sample_col.selectbox(
    "Selected sample n", range(N), format_func=lambda i: f"n{i}", **keep_choice(FamilyKeys.SAMPLE, range(N), 0)
)
c = channel_col.selectbox(
    "Selected channel c", range(C), format_func=lambda i: f"c{i}", **keep_choice(FamilyKeys.CHANNEL, range(C), 0)
)
p = position_col.selectbox(
    "Selected position (h, w)",
    range(size * size),
    **keep_choice(FamilyKeys.POSITION, range(size * size), 0),
    format_func=lambda q: f"h{q // size}, w{q % size}",
)
element = (n, c, p // size, p % size)

mask = shared_set(x.shape, normalization, element, groups)
figure_col, numbers_col = st.columns([3, 2])
with figure_col:
    tensor_block(
        FamilyKeys.BLOCK,
        x,
        mask,
        element,
        normalization,
        title=statistic.title(normalization, groups, int(mask.sum())),
    )
figure_col.caption(
    "Look at the colored cells: one μ and σ² is computed over all of them. N runs along the front, C goes back, "
    "the H × W positions go up; hover over a cell, or tap it, for its value."
)
with numbers_col:
    st.subheader("That set's statistic, from bncore")
    try:
        stat = shared_statistic(x, normalization, element, groups)
    except ValueError as error:
        stat = None
        st.error(statistic.unusable_set_message(error, normalization))
    if stat is not None:
        st.metric("values sharing it", stat.count)
        if normalization == "rms":
            st.metric("mean of x² (no mean is subtracted)", f"{stat.mean_square:.4f}", help=term_help("rms_norm"))
        else:
            st.metric("mean μ", f"{stat.mean:.4f}", help=term_help("mean"))
            st.metric("variance σ² (biased)", f"{stat.variance:.4f}", help=term_help("variance"))
        st.latex(statistic.statistic_latex(stat, normalization))
        st.caption(
            f"bncore's {NORMALIZATION_NAMES[normalization]} layer, run on the whole tensor, gives {stat.by_layer:.4f} "
            "for this cell."
        )
        note = statistic.degenerate_set_note(stat, normalization)
        if note:
            st.info(note, icon="ℹ️")

# ---- Properties ------------------------------------------------------------------------------------------------------
st.header("2. What follows from the choice of set")
st.table(statistic.facts_table(), hide_index=True)
st.caption(
    "Only BatchNorm pools over samples, so only BatchNorm needs running statistics for inference and only its "
    "output changes with the batch a sample lands in."
)

# ---- Batch-size experiment -------------------------------------------------------------------------------------------
st.header("3. Batch-size sensitivity")
st.markdown(
    "The same small network on handwritten digits, trained with BatchNorm, GroupNorm (on groups of hidden "
    "units) and LayerNorm at batch sizes 2 to 64; test accuracy measured in inference mode. "
    f"What was trained: {family_experiment.describe(family_experiment.PLAN)}"
)
family_predict.question_before_run(st.session_state.get(FamilyKeys.EXPERIMENT))
if st.button(
    "Run the experiment",
    key=FamilyKeys.RUN_EXPERIMENT,
    type="primary",
    help="36 small networks: about 4 seconds the first time, on two cores; afterwards the result comes from the cache.",
):
    family_experiment.run_with_progress()
result = st.session_state.get(FamilyKeys.EXPERIMENT)
family_predict.resolve_with(result)
if result is None:
    st.info("Press the button to train the networks. Before you do: which line do you expect to fall at batch size 2?")
else:
    st.plotly_chart(batch_size_figure(result), key=FamilyKeys.BATCH_CHART)
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

st.header("5. Write it yourself: LayerNorm")
exercise_section(("alternatives",), place="family")
