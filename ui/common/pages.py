"""The pages of Batch Norm Lab in learning order, each with what it shows; the home page's learning map and the
sidebar read this list. A page appears only once its file exists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class PageInfo:
    path: str  # relative to the app root, as st.page_link wants it
    title: str
    icon: str
    shows: str  # one line: what the learner sees there

    @property
    def url_path(self) -> str:
        """The page's address relative to the app's root, e.g. "Why_It_Works" (Streamlit drops the number)."""
        return Path(self.path).stem.split("_", 1)[1]


LEARNING_PATH = (
    PageInfo(
        "pages/1_Walkthrough.py",
        "Walkthrough",
        "🧮",
        "Batch norm by hand on a small table: mean, variance, x̂, γx̂ + β and the running statistics.",
    ),
    PageInfo(
        "pages/2_Gradient_Flow.py",
        "Gradient Flow",
        "🔁",
        "The backward pass with real numbers, a gradient check, and why every input affects every output.",
    ),
    PageInfo(
        "pages/3_Training_Lab.py",
        "Training Lab",
        "🏋️",
        "A deep network on handwritten digits trained with and without BN, side by side.",
    ),
    PageInfo(
        "pages/4_Why_It_Works.py",
        "Why It Works",
        "🔬",
        "Why BN helps, measured: covariate shift, noisy BN, a smoother loss, regularization, scale invariance.",
    ),
    PageInfo(
        "pages/5_Normalization_Family.py",
        "Normalization Family",
        "🧊",
        "BatchNorm, LayerNorm, GroupNorm, InstanceNorm and RMSNorm: who shares a mean with whom.",
    ),
    PageInfo("pages/6_Practice.py", "Practice", "🎯", "Predict what an experiment will show, then run it and see why."),
    PageInfo(
        "pages/7_Quiz.py",
        "Quiz",
        "❓",
        "Questions with explanations, generated numeric problems, review and mastery per topic.",
    ),
    PageInfo(
        "pages/8_Notes.py",
        "Notes",
        "📝",
        "Your notes on concepts, equations and lab runs, kept in this browser and exportable.",
    ),
)


def existing_pages() -> list[PageInfo]:
    """The pages of the learning path whose file exists, in learning order."""
    return [page for page in LEARNING_PATH if (ROOT / page.path).exists()]
