"""Start the app warm: train the Training Lab's default runs in this process, then run the Streamlit server in it.

What the Docker image runs (one replica). Any ``streamlit run`` option may follow, e.g.

    .venv/bin/python -m scripts.serve --server.port 8501 --server.headless true

The runs are pinned in the shared-run cache the Training Lab page reads (ui.training_lab.warm), so the first
learner's Play replays a finished run. Training comes before the server opens its port: the health check
(/_stcore/health) answers only once the replica is warm, and a balancer that waits for it sends no learner to a
cold replica.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ui.training_lab.warm import warm_start  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

from streamlit.web import cli

APP = Path(__file__).resolve().parents[1] / "app.py"


def warm_then_serve(streamlit_options: list[str]) -> int:
    """Warm start (with a line on how long it took), then ``streamlit run app.py`` with the options; the server's
    exit code."""
    start = time.perf_counter()
    trained = warm_start()
    print(
        f"warm start: {len(trained)} Training Lab runs trained in {time.perf_counter() - start:.1f} s "
        f"({', '.join(config.dataset for config in trained)})",
        flush=True,
    )
    sys.argv = ["streamlit", "run", str(APP), *streamlit_options]
    return cli.main()


if __name__ == "__main__":
    sys.exit(warm_then_serve(sys.argv[1:]))
