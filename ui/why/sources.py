"""Section 5, reconciling the sources: what the 2015 paper claimed, what the 2018 paper measured, what is agreed now
and what remains open, each claim with its source id (paper, and section or figure where it is made).

Plain Python (no Streamlit). The citations themselves live once, in quizzes/claims.toml (the Notes page's claim
cards cite the same sources); ``SOURCES`` holds those this page cites. Every id a claim cites is a source there (a
test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from quizzes.claims import research

STANCES = ("claimed in 2015", "measured in 2018", "agreed now", "still open")


@dataclass(frozen=True)
class Claim:
    stance: str  # one of STANCES
    text: str
    cites: tuple[tuple[str, str], ...]  # (source id, where in it: a section, a figure or "abstract")
    on_this_page: str  # the section of this page that measures it ("" if none does)


CLAIMS = (
    Claim(
        "claimed in 2015",
        "A layer's input distribution changes as the layers below it learn (internal covariate shift), and this "
        "slows training; normalizing each layer's inputs reduces it.",
        (("IS15", "§1, §2"),),
        "1",
    ),
    Claim(
        "claimed in 2015",
        "The input of a sigmoid drifts during training without BN and stays put with it.",
        (("IS15", "§4.1, Figure 1"),),
        "1",
    ),
    Claim(
        "claimed in 2015",
        "BN makes a layer invariant to the scale of its weights (gradients scale by 1/a), so larger learning rates "
        "do not blow up.",
        (("IS15", "§3.3"),),
        "4",
    ),
    Claim(
        "claimed in 2015",
        "BN regularizes: a sample's output depends on its batch, which reduces the need for Dropout.",
        (("IS15", "§3.4"),),
        "3",
    ),
    Claim(
        "measured in 2018",
        "Noise injected after every BN layer, so inputs shift more than without BN, barely hurts training: BN's "
        "benefit does not come from steady layer inputs.",
        (("STIM18", "§2.1, Figure 2"),),
        "2",
    ),
    Claim(
        "measured in 2018",
        "Measured through gradients, BN networks need not have less internal covariate shift, sometimes more.",
        (("STIM18", "§2.2, Figure 3"),),
        "",
    ),
    Claim(
        "measured in 2018",
        "With BN the loss and its gradient change less along the gradient (loss landscape, gradient "
        "predictiveness, effective β-smoothness): a smoother landscape that tolerates larger steps.",
        (("STIM18", "§3.1, Figure 4"),),
        "2",
    ),
    Claim(
        "agreed now",
        "BN lets networks train with larger learning rates, and much of its benefit follows from that.",
        (("BGSW18", "abstract"), ("STIM18", "§3.1")),
        "",
    ),
    Claim(
        "agreed now",
        "Scale invariance makes the effective learning rate lr/‖W‖²: weights grow under plain SGD, and weight "
        "decay acts on the effective learning rate rather than as a regularizer.",
        (("vL17", "abstract"), ("ALL19", "abstract")),
        "4",
    ),
    Claim(
        "agreed now",
        "Reducing internal covariate shift is not a sufficient explanation of why BN helps.",
        (("STIM18", "§2"),),
        "2",
    ),
    Claim(
        "still open",
        "How much of BN's benefit is the regularizing noise of batch statistics, and when it matters.",
        (("IS15", "§3.4"), ("BGSW18", "abstract")),
        "3",
    ),
    Claim(
        "still open",
        "Why BN helps at all depths: in deep networks without skip connections BN itself makes gradients explode "
        "at initialization.",
        (("Y19", "abstract"),),
        "",
    ),
    Claim(
        "still open",
        "Whether normalization is needed at all: carefully initialized and clipped networks without it can match "
        "BN networks.",
        (("B21", "abstract"),),
        "",
    ),
)


def cite(claim: Claim) -> str:
    """ "IS15 §3.3; STIM18 §3.1": the claim's source ids with where in each source."""
    return "; ".join(f"{source} {where}" for source, where in claim.cites)


SOURCES = {
    source.id: source.reference
    for source in research().sources.values()
    if any(cited == source.id for claim in CLAIMS for cited, _ in claim.cites)
}  # {source id: full reference}, the sources this page cites, in the order of quizzes/claims.toml
