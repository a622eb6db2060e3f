"""How the suite is shared out between pytest-xdist's workers (tests/scheduling.py)."""

import re

from tests.conftest import ROOT
from tests.scheduling import SHARED_CACHES, unit_of


def test_every_file_that_uses_a_shared_cache_runs_with_the_others():
    for shared, paths in SHARED_CACHES.items():
        module = "tests." + shared.removeprefix("tests/").removesuffix(".py").replace("/", ".")
        users = {
            str(path.relative_to(ROOT))
            for path in (ROOT / "tests").rglob("test_*.py")
            if re.search(rf"^from {re.escape(module)} import", path.read_text(), re.MULTILINE)
        }
        assert users == set(paths), shared
        assert {unit_of(f"{path}::test_x") for path in paths} == {shared}


def test_browser_and_deploy_tests_go_one_by_one_and_other_files_whole():
    browser = "tests/e2e/test_why.py::test_every_section_predicted_revealed_and_drawn[chromium]"
    deploy = "tests/test_deploy.py::test_requirements_alone_run_every_page_and_write_nothing[3.12]"
    assert unit_of(browser) == browser and unit_of(deploy) == deploy
    assert unit_of("tests/ui/test_histogram.py::test_a[1]") == unit_of("tests/ui/test_histogram.py::test_b")
