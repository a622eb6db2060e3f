"""The prediction that opens every section of the "Why does it work?" page: the question, one choice per outcome its
experiment can report, and three tiered hints (the practice loops' mechanics, ui.practice.loop, draw them).

Plain Python: the choices are the experiments' own outcome ids, so "did the prediction hold?" is decided by the
measurement (a test checks that every choice is an outcome and every outcome a choice).
"""

from __future__ import annotations

from dataclasses import dataclass

from quizzes.practice import Choice


@dataclass(frozen=True)
class SectionPrediction:
    id: str  # the section, and the record's key in WhyKeys.PREDICTIONS / REVEALED
    prompt: str  # Markdown (trusted content)
    choices: tuple[Choice, ...]  # one per outcome of the section's experiment
    hints: tuple[str, str, str]  # in the order of quizzes.practice.HINT_TIERS

    def choice_text(self, choice_id: str) -> str:
        return next(choice.text for choice in self.choices if choice.id == choice_id)


PREDICTIONS = {
    "ics": SectionPrediction(
        "ics",
        "Both networks train on the same batches from the same initial weights. After every epoch we measure how far "
        "the distribution of each hidden layer's input (the input of its tanh) moved since the epoch before. "
        "**Which network's layer inputs move more?**",
        (
            Choice("without_bn", "Without BN: its layer inputs drift more"),
            Choice("with_bn", "With BN: its layer inputs drift more"),
            Choice("about_same", "About the same: BN does not change how much they move"),
        ),
        (
            "What does BN do to each unit's mean and spread in training mode, whatever the weights below it do?",
            "With BN before the activation, a unit's input has mean β and spread γ on every batch: only β and γ can "
            "move it.",
            "Without BN every weight update below a layer moves its inputs' mean and spread; with BN only the slowly "
            "learned β and γ do.",
        ),
    ),
    "noisy": SectionPrediction(
        "noisy",
        "Now the test of that story (Santurkar et al., 2018). We add noise after every BN layer: at every step each "
        "unit is scaled and shifted by random amounts that change from step to step, so the layer inputs shift "
        "**more** than in any other network here. If BN helped by keeping layer inputs steady, this should undo it. "
        "**How does the noisy-BN network learn?** (Measured by its mean test accuracy over the epochs: how early "
        "and how well it learns.)",
        (
            Choice("like_bn", "About as well as plain BN"),
            Choice("in_between", "Worse than plain BN, but better than no BN"),
            Choice("like_no_bn", "No better than the network without BN"),
        ),
        (
            "Where does a noisy layer's output go next, and what does the next BN layer do with it?",
            "The shifted, scaled output passes a tanh and a linear layer into the next BN layer, which re-centres "
            "and re-scales whatever arrives.",
            "If steady inputs were the reason BN works, the noisy network would learn like the one without BN. "
            "Santurkar et al. found otherwise on their networks.",
        ),
    ),
    "smoothness": SectionPrediction(
        "smoothness",
        "Every few steps of training we stand still, try steps of several sizes along the gradient, and measure how "
        "much the loss varies over them. A loss that varies a lot means a rough landscape, where the gradient stops "
        "being a good guide after a short step. **Whose loss varies more along its gradient?**",
        (
            Choice("without_bn", "Without BN: its loss varies more (a rougher landscape)"),
            Choice("with_bn", "With BN: its loss varies more"),
            Choice("about_same", "About the same"),
        ),
        (
            "Without BN, what does a step that enlarges the weights of the early layers do to every layer above?",
            "With BN, rescaling the weights below a layer changes nothing downstream, so a step along the gradient "
            "cannot make the activations explode.",
            "Santurkar et al. (Figure 4) found the loss and the gradient change far less along the gradient with BN.",
        ),
    ),
    "regularization": SectionPrediction(
        "regularization",
        "With BN a sample's output depends on the other samples in its batch: noise, which Ioffe & Szegedy said "
        "regularizes the model. We measure the gap between training and test accuracy (a larger gap is more "
        "overfitting), averaged over the last 3 epochs. **Which network ends with the larger gap?**",
        (
            Choice("without_bn", "Without BN: it overfits more"),
            Choice("with_bn", "With BN: it overfits more"),
            Choice("about_same", "About the same (within 1.5 points)"),
        ),
        (
            "How much room is left for a gap when both networks reach about 96% test accuracy?",
            "The noise of a batch mean shrinks like 1/√m: with 64 samples per batch it is an eighth of a unit's "
            "spread.",
            "The regularization effect was reported for large image models; whether it shows on a small network that "
            "nearly memorizes 1,437 images is what this measures.",
        ),
    ),
    "scale": SectionPrediction(
        "scale",
        "With BN right after a linear layer, scaling that layer's weights W by a does not change the loss and "
        "divides their gradient by a. The network trains with plain SGD, no weight decay. **What happens to the "
        "norm ‖W‖ of the BN network's hidden weights during training?**",
        (
            Choice("grow", "They grow, so the effective learning rate η/‖W‖² falls"),
            Choice("shrink", "They shrink, so the effective learning rate rises"),
            Choice("steady", "They stay where they started (within 5%)"),
        ),
        (
            "If L(aW) = L(W) for every a, in which direction can the gradient not point?",
            "Differentiate L(aW) = L(W) with respect to a at a = 1: the gradient is orthogonal to W.",
            "A step orthogonal to W lengthens it: ‖W − ηg‖² = ‖W‖² + η²‖g‖² when g ⟂ W.",
        ),
    ),
}
