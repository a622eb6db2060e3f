"""What one learner alone waits for in a real browser: from the click (or the link opened) to the page showing the
new result, drawn. Playwright drives Debian's Chromium against `streamlit run app.py` on this machine.

For every action the wait is split where the time goes:
- server: the script reruns the action caused, on the server (bench/instrumented_server.py logs each);
- transfer: the rest until the last "script finished" message reached the tab (the click's message to the server,
  queueing, the deltas over the websocket, React applying them);
- render: from that message to the second animation frame after it, when the browser has drawn the result
  (Plotly's drawing of the charts is most of it).
A page load's first run is drawn while some elements are still placeholders whose code the tab is loading (Plotly,
the data grid); a first render also reports when every element is drawn and the browser's saved learner record has
been read (the run that record starts follows), which is when the page stops changing by itself. First renders open
each page in a fresh tab (a browser context with nothing cached), and again in a new tab of a browser that has shown
every page once (a returning learner: Streamlit's code cached); the learning path goes from the home page to every
page in learning order by its sidebar link, as a learner does, in one tab that keeps the code it has loaded.

Targets (issue 18), this 2-core machine: first render <= 2 s; an interaction that computes nothing heavy <= 0.5 s
(Why It Works' reveal with its runs cached is one); Play -> first points <= 0.5 s; a scrub <= 0.3 s; each sweep or
experiment <= 6 s with a progress bar that moves, and a second learner asking for the same sweep gets it from the
cache.

    .venv/bin/python -m bench.browser                   # about three minutes
    .venv/bin/python -m bench.browser --lab-run-only    # the Training Lab's Play, ticks and scrubs alone
    .venv/bin/python -m bench.browser --warm            # a server started as a deployed replica (warm start)
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from bench.load_test import ROOT, free_port, start_server
from bench.timed_learner import CHROMIUM, EPOCH_VIEW_TITLE_ENDS, Learner, Wait
from ui.common.keys import key_class
from ui.why.keys import WhyKeys

# Why It Works' first section revealed: both its charts (drawn by the page, each in its component's shadow root).
WHY_FIRST_CHARTS_DRAWN = f"""() => [...document.querySelectorAll("[class*={key_class(WhyKeys.chart("ics", ""))}] *")]
  .filter((e) => e.shadowRoot?.querySelector("path.series")).length === 2"""


def page_paths() -> list[str]:
    """Each page's URL path in learning order: the home page, then pages/N_Name.py as /Name."""
    numbered = sorted(ROOT.glob("pages/*.py"), key=lambda p: int(p.name.split("_", 1)[0]))
    return [""] + [p.stem.split("_", 1)[1] for p in numbered]


def page_title(path: str) -> str:
    """A page's title as its sidebar link shows it: "Gradient_Flow" -> "Gradient Flow"."""
    return path.replace("_", " ")


def learning_path(learner: Learner) -> list[Wait]:
    """The home page, then every page in learning order by its sidebar link."""
    learner.open("", "first render (warm)")
    return [learner.go_to(page_title(path)) for path in page_paths()[1:]]


def first_renders(browser, url: str, log: Path) -> list[Wait]:
    waits = []
    for path in page_paths():
        learner = Learner(browser, url, log)
        waits.append(learner.open(path, f"first render: /{path}"))
        learner.context.close()
    return waits


def returning_first_renders(browser, url: str, log: Path) -> list[Wait]:
    """Each page opened in a new tab of a browser that has shown every page once before: a learner coming back, or
    opening a second tab, whose browser has Streamlit's code cached (its files are served as immutable)."""
    learner = Learner(browser, url, log)
    for path in page_paths():
        learner.new_tab()
        learner.open(path, "a first visit")
    waits = []
    for path in page_paths():
        learner.new_tab()
        waits.append(learner.open(path, f"first render, a returning learner: /{path}"))
    learner.context.close()
    return waits


def walkthrough(learner: Learner) -> list[Wait]:
    learner.open("Walkthrough", "first render (warm)")
    editor = learner.page.locator("[data-testid=stDataFrame]").first
    editor.scroll_into_view_if_needed()
    box = editor.bounding_box()
    learner.page.mouse.dblclick(box["x"] + 200, box["y"] + 35 + 17)  # opens the first sample's F1, text selected
    learner.page.locator("textarea.gdg-input").fill("3")
    waits = [learner.timed("Walkthrough: edit a cell", lambda: learner.page.keyboard.press("Enter"))]
    waits.append(learner.timed("Walkthrough: Next", lambda: learner.button("Next ▶").click()))
    return waits


def gradient_flow(learner: Learner) -> list[Wait]:
    """A batch size one smaller and back (every table, formula and chart changes), then a broken backward pass."""
    page = learner.page
    learner.open("Gradient_Flow", "first render (warm)")
    thumb = page.get_by_test_id("stSlider").filter(has_text="Batch size m").get_by_role("slider")
    waits = []
    for key in ("ArrowLeft", "ArrowRight"):
        thumb.focus()
        waits.append(learner.timed(f"Gradient Flow: batch size ({key})", lambda key=key: thumb.press(key)))
    broken = page.get_by_text("drop the variance path (dσ²)")
    waits.append(learner.timed("Gradient Flow: break the backward pass", broken.click))
    return waits


def training_lab_run(learner: Learner, scrubs: int = 5) -> list[Wait]:
    """Play to the end of the default run (Play, every tick), then scrub back ``scrubs`` epochs one at a time."""
    page = learner.page
    learner.open("Training_Lab", "first render (warm)")
    chart_has_points = (  # the loss chart shows epoch 0 before Play: wait for the first trained epoch's point
        "() => [...document.querySelectorAll('.st-key-lab-loss_chart *')].find((e) => e.shadowRoot)"
        "?.shadowRoot.querySelector('path.series')?.dataset.points >= 2"
    )
    play = learner.timed(
        "Training Lab: Play -> first points", lambda: learner.button("▶ Play").click(), chart_has_points
    )
    sent_before = page.evaluate("() => window.batchNormLabTimes.finished.length")
    expect(page.get_by_text(re.compile(r"^With BN · .*epoch 20 / 20"))).to_be_visible(timeout=180_000)
    expect(learner.button("▶ Play")).to_be_visible(timeout=30_000)
    ticks = tick_waits(learner, sent_before)
    slider = page.get_by_role("slider", name="Epoch shown")
    slider.focus()
    waits = []
    for epoch in range(19, 19 - scrubs, -1):  # the epoch view draws a scrub itself, then tells the server
        waits.append(
            learner.drawn_here(
                "Training Lab: scrub one epoch",
                lambda: page.keyboard.press("ArrowLeft"),
                EPOCH_VIEW_TITLE_ENDS.replace("ENDING", f"at epoch {epoch}"),
            )
        )
    return [play, *ticks, median_wait(f"Training Lab: scrub one epoch (median of {scrubs})", waits)]


def training_lab(learner: Learner, scrubs: int = 5) -> list[Wait]:
    waits = training_lab_run(learner, scrubs)
    page = learner.page
    for label in ("Run the learning-rate sweep", "Run the initialization sweep"):
        page.get_by_role("tab", name=label.removeprefix("Run the ").capitalize()).click()
        waits.append(learner.timed(f"Training Lab: {label}", lambda label=label: learner.button(label).click()))
    page.get_by_role("tab", name="Paper view").click()
    waits.append(
        learner.timed(
            "Training Lab: Run the paper experiment", lambda: learner.button("Run the paper experiment").click()
        )
    )
    return waits


def tick_waits(learner: Learner, first: int) -> list[Wait]:
    """The reruns while playing: from the tick's request (the last message the tab sent before the rerun finished)
    to its result drawn; the median and the slowest, server time from the log's fragment reruns."""
    times = learner.page.evaluate("() => window.batchNormLabTimes")
    latencies = []
    for finished, painted in zip(times["finished"][first:], times["painted"][first:]):
        sent = max((t for t in times["sent"] if t < finished), default=finished)
        latencies.append(((painted - sent) / 1000, (painted - finished) / 1000))
    fragments = [float(line.split()[0]) for line in learner.rerun_log.read_text().splitlines() if "fragment" in line]
    server = statistics.median(fragments) if fragments else 0.0
    totals = sorted(latencies)
    median = totals[len(totals) // 2]
    return [
        Wait(f"Training Lab: a tick while playing (median of {len(totals)})", median[0], server, median[1]),
        Wait("Training Lab: the slowest tick", totals[-1][0], max(fragments, default=0.0), totals[-1][1]),
    ]


def median_wait(action: str, waits: list[Wait]) -> Wait:
    middle = sorted(waits, key=lambda w: w.total)[len(waits) // 2]
    return Wait(action, middle.total, middle.server, middle.render, middle.progress_updates)


def second_learner_sweep(browser, url: str, log: Path) -> Wait:
    learner = Learner(browser, url, log)
    learner.open("Training_Lab", "first render")
    wait = learner.timed(
        "Training Lab: the same sweep, a second learner (cache)",
        lambda: learner.button("Run the learning-rate sweep").click(),
    )
    learner.context.close()
    return wait


def family(learner: Learner) -> list[Wait]:
    learner.open("Normalization_Family", "first render (warm)")
    shown = "() => document.body.innerText.includes('Mean test accuracy at batch size 2')"
    return [learner.timed("Family: Run the experiment", lambda: learner.button("Run the experiment").click(), shown)]


def practice(learner: Learner) -> list[Wait]:
    main = learner.page.get_by_test_id("stMain")
    learner.open("Practice", "first render (warm)")
    # Each choice reruns the page; waiting only for the page to be idle let a choice's rerun, finishing late, be taken
    # for the commit's and the commit's for the reveal's (a reveal timed at 0.05 s, no server time).
    main.get_by_role("radiogroup").first.get_by_role("radio").first.check(force=True)
    learner.quiet()
    main.get_by_text("4 · confident").click()
    learner.quiet()
    learner.timed("Practice: commit", lambda: main.get_by_role("button", name="Commit prediction").click())
    learner.quiet()
    return [learner.timed("Practice: reveal", lambda: main.get_by_role("button", name=re.compile("^Reveal")).click())]


def why_reveal(learner: Learner, action: str) -> Wait:
    """Why It Works' first section in a fresh tab: predicted, committed, then revealed (timed to both charts drawn)."""
    learner.open("Why_It_Works", "first render (warm)")

    def control(name: str):
        return learner.page.locator(f".{key_class(WhyKeys.widget(name, 'ics'))}")

    control("choice").get_by_role("radio").first.check(force=True)
    learner.quiet()
    control("confidence").get_by_text("3 · fairly sure").click()
    learner.quiet()
    control("commit").get_by_role("button").click()
    learner.quiet()
    return learner.timed(action, control("reveal").get_by_role("button").click, WHY_FIRST_CHARTS_DRAWN)


def why_it_works(browser, url: str, log: Path) -> list[Wait]:
    """The first section revealed by a first learner (its runs train) and then by a second (its runs from the
    server's cache, as for every learner after the first)."""
    waits = []
    for action in ("Why It Works: a reveal, its runs trained", "Why It Works: the same reveal, a second learner"):
        learner = Learner(browser, url, log)
        waits.append(why_reveal(learner, action))
        learner.context.close()
    return waits


def quiz(learner: Learner) -> list[Wait]:
    learner.open("Quiz", "first render (warm)")
    learner.timed("Quiz: start", lambda: learner.button("Start practice").click())
    main = learner.page.get_by_test_id("stMain")
    choices = main.get_by_role("radiogroup")
    if choices.count():
        choices.first.get_by_role("radio").first.check(force=True)
    else:
        main.get_by_role("textbox").first.fill("0.5")
    learner.quiet()
    return [learner.timed("Quiz: check an answer", lambda: learner.button("Check answer").click())]


def report(waits: list[Wait]) -> None:
    print(f"  {'action':<58}{'total':>7}{'server':>8}{'transfer':>9}{'render':>8}  progress, or complete")
    for w in waits:
        moves = f"{w.progress_updates} updates" if w.progress_updates else ""
        if w.complete:
            moves = f"complete at {w.complete:.2f}s"
        print(f"  {w.action:<58}{w.total:>6.2f}s{w.server:>7.2f}s{w.transfer:>8.2f}s{w.render:>7.2f}s  {moves}")


def lab_run_only(browser, url: str, log: Path, scrubs: int) -> list[Wait]:
    """The Training Lab's Play, ticks and ``scrubs`` scrubs alone, after one visit that warms the server."""
    warm = Learner(browser, url, log)
    warm.open("Training_Lab", "first render")
    warm.context.close()
    learner = Learner(browser, url, log)
    waits = training_lab_run(learner, scrubs)
    learner.context.close()
    return waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lab-run-only",
        action="store_true",
        help="time only the Training Lab's Play, ticks and scrubs (about 40 s instead of 3 minutes)",
    )
    parser.add_argument("--scrubs", type=int, default=5, help="epochs to scrub back, one at a time (at most 20)")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="start the server as the Docker image starts a replica: the Training Lab's default runs trained first, "
        "so Play replays them (without it, the first Play trains)",
    )
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "reruns.log"
        log.touch()
        server = start_server(port, log, warm=args.warm)
        url = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM)
                if args.lab_run_only:
                    waits = lab_run_only(browser, url, log, args.scrubs)
                else:
                    waits = all_actions(browser, url, log, args.scrubs)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("Browser, one learner alone (Debian's Chromium, headless, 1400 x 900), seconds from input to drawn:")
    report(waits)


def all_actions(browser, url: str, log: Path, scrubs: int) -> list[Wait]:
    first_renders(browser, url, log)  # once to warm the server's imports and caches of static data
    waits = first_renders(browser, url, log) + returning_first_renders(browser, url, log)
    scenarios = (
        learning_path,
        walkthrough,
        gradient_flow,
        lambda learner: training_lab(learner, scrubs),
        family,
        practice,
        quiz,
    )
    for scenario in scenarios:
        learner = Learner(browser, url, log)
        waits += scenario(learner)
        learner.context.close()
    waits.append(second_learner_sweep(browser, url, log))
    return waits + why_it_works(browser, url, log)


if __name__ == "__main__":
    main()
