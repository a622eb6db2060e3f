"""Screenshots of every page for the README and for reviewing a change by eye, taken in headless Chromium.

Starts the app on a free port, opens each page at 1400 x 1000, waits for its script to finish, and writes
``docs/screenshots/<page>.png`` (the top of the page, as a learner first sees it) and, with ``--full``, the whole page.

    .venv/bin/python -m scripts.take_screenshots            # docs/screenshots/*.png
    .venv/bin/python -m scripts.take_screenshots --full --out /tmp/shots
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.learner import CHROMIUM_ARGS
from bench.load_test import free_port, start_server
from bench.rerun_counter import IDLE

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "home": "",
    "walkthrough": "Walkthrough",
    "training_lab": "Training_Lab",
    "gradient_flow": "Gradient_Flow",
    "normalization_family": "Normalization_Family",
    "practice": "Practice",
    "quiz": "Quiz",
    "notes": "Notes",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--full", action="store_true", help="capture the whole page, not just the first screen")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    app = start_server(port, Path(tempfile.mkdtemp()) / "reruns.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for name, path in PAGES.items():
                page.goto(f"http://127.0.0.1:{port}/{path}")
                page.wait_for_selector(IDLE, timeout=120_000)
                page.wait_for_timeout(2500)  # the notes sync rerun and Plotly's first draw
                page.wait_for_selector(IDLE, timeout=120_000)
                page.screenshot(path=args.out / f"{name}.png", full_page=args.full)
                print(args.out / f"{name}.png")
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=30)


if __name__ == "__main__":
    main()
