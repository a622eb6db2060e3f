"""`streamlit run` with one line per finished rerun in a log: seconds from the server receiving the rerun request
to the script finishing, and whether it was a fragment rerun. Used by bench/load_test.py to separate the server's
share of an action's latency from the browser's (on a 2-core machine the 20 browser tabs compete for the same CPU).

    python -m bench.instrumented_server LOGFILE run app.py [streamlit options]
    python -m bench.instrumented_server LOGFILE --warm [streamlit options]   # as scripts/serve.py: warm start first
"""

from __future__ import annotations

import sys
import time

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner import ScriptRunnerEvent
from streamlit.web import cli

from scripts.serve import warm_then_serve

FINISHED = {  # a fragment's rerun ends with its own event, not the script's
    ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS,
    ScriptRunnerEvent.SCRIPT_STOPPED_WITH_COMPILE_ERROR,
    ScriptRunnerEvent.FRAGMENT_STOPPED_WITH_SUCCESS,
}


def main() -> None:
    log = open(sys.argv.pop(1), "a", buffering=1)  # noqa: SIM115 - open for the server's lifetime
    request_rerun, on_event = AppSession.request_rerun, AppSession._on_scriptrunner_event

    def timed_request(self, client_state):
        fragment = bool(client_state and client_state.fragment_id)
        self._bench_request = (time.monotonic(), fragment)
        return request_rerun(self, client_state)

    def timed_event(self, sender, event, *args, **kwargs):
        request = getattr(self, "_bench_request", None)
        if event in FINISHED and request is not None:
            log.write(f"{time.monotonic() - request[0]:.4f} {'fragment' if request[1] else 'full'}\n")
            self._bench_request = None
        return on_event(self, sender, event, *args, **kwargs)

    AppSession.request_rerun, AppSession._on_scriptrunner_event = timed_request, timed_event
    if sys.argv[1] == "--warm":
        sys.exit(warm_then_serve(sys.argv[2:]))
    sys.argv[0] = "streamlit"
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
