"""How pytest-xdist shares the suite out between its workers (tests/conftest.py installs this for `-n N`).

- The slowest tests, each browser test and each Python of the deploy test, are handed out one at a time and first,
  so that no worker is left running one of them alone at the end, and both workers' browsers start early.
- Every other test file goes whole to one worker, which keeps what the file computes once (functools.cache,
  st.cache_data) in one process; files that share a module of cached experiments go to one worker together
  (``SHARED_CACHES``).

pytest-xdist's own `--dist loadgroup` would express the groups as marks, but with pytest 9 it cannot put the group into
a test's id, so every test goes its own way; a scheduler that reads the group from the test's path does not need it.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

ONE_BY_ONE_FIRST = ("tests/e2e/", "tests/test_deploy.py")
SHARED_CACHES = {  # module of cached results -> the test files that use it
    "tests/practice_results.py": (
        "tests/bncore/test_experiments.py",
        "tests/quizzes/test_practice_loops.py",
        "tests/ui/test_practice_figures.py",
        "tests/ui/test_practice_text.py",
    ),
    "tests/why_results.py": (
        "tests/bncore/test_why_experiments.py",
        "tests/ui/test_why_figures.py",
        "tests/ui/test_why_ui.py",
    ),
}
_UNIT_OF_FILE = {path: shared for shared, paths in SHARED_CACHES.items() for path in paths}


def one_by_one_first(nodeid: str) -> bool:
    return nodeid.startswith(ONE_BY_ONE_FIRST)


def unit_of(nodeid: str) -> str:
    """What goes to one worker together: the test itself, its file, or the files sharing its file's cache."""
    if one_by_one_first(nodeid):
        return nodeid
    path = nodeid.split("::")[0]
    return _UNIT_OF_FILE.get(path, path)


class SuiteScheduling(LoadScopeScheduling):
    """pytest-xdist's scope scheduling with ``unit_of`` as the scope: units go out in collection order (see
    ``first_in_collection``), each to the next worker with room, two queued per worker at most."""

    def __init__(self, config, log=None) -> None:
        config.option.loadscopereorder = False  # keep the collection order: the slowest tests come first
        super().__init__(config, log)

    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)


def first_in_collection(items: list) -> list:
    """``items`` with the one-by-one tests moved to the front, the rest in their order."""
    return [item for item in items if one_by_one_first(item.nodeid)] + [
        item for item in items if not one_by_one_first(item.nodeid)
    ]
