"""Many learners on one server: two sessions never see each other's notes, quiz progress, edited walkthrough table,
lab settings or lab runs; cached values are copies; no session changes any module's global state."""

import copy
import pickle
import sys

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from bncore import TrainConfig, make_feature_batch
from tests.app.test_quiz_page import answer_current
from tests.conftest import ROOT
from ui.training_lab.shared import shared_run


def learner() -> AppTest:
    """A fresh session of the whole app, entered through app.py as on a server."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}").run()
    assert not at.exception, at.exception
    return at


def add_note(at: AppTest, text: str) -> AppTest:
    visit(at, "8_Notes.py")
    at.text_area(key="notes.text").input(text)
    return at.button(key="notes.save").click().run()


def test_two_sessions_keep_their_own_notes_quiz_table_and_lab():
    alice, bob = learner(), learner()

    add_note(alice, "Alice's private note")
    visit(alice, "7_Quiz.py").radio(key="quiz.w.source").set_value("authored").run()
    answer_current(alice.button(key="quiz.start").click().run(), correct=False)
    alice.session_state["walk.table"] = {"edited_rows": {0: {"F0": 123.0}}, "added_rows": [], "deleted_rows": []}
    visit(alice, "1_Walkthrough.py")
    visit(alice, "3_Training_Lab.py").slider(key="lab.depth").set_value(3).run()

    assert [n.text for n in alice.session_state["notes.items"].values()] == ["Alice's private note"]
    assert alice.session_state["quiz.attempt"] is not None
    assert (
        len(alice.session_state["quiz.progress"].history) == 1 and len(alice.session_state["quiz.progress"].missed) == 1
    )
    assert alice.session_state["walk.table.last_valid"][0, 0] == 123.0
    assert alice.session_state["lab.settings"]["depth"] == 3

    visit(bob, "8_Notes.py")
    assert "notes.items" not in bob.session_state or not bob.session_state["notes.items"]
    assert not any("Alice" in t.value for t in bob.text)
    visit(bob, "7_Quiz.py")
    assert "quiz.attempt" not in bob.session_state or bob.session_state["quiz.attempt"] is None
    assert not bob.session_state["quiz.progress"].history and not bob.session_state["quiz.progress"].mastery
    assert bob.button(key="quiz.review").label == "Review missed (0)" and bob.button(key="quiz.review").disabled
    visit(bob, "1_Walkthrough.py")
    np.testing.assert_array_equal(bob.session_state["walk.table.last_valid"], make_feature_batch())
    visit(bob, "3_Training_Lab.py")
    assert bob.session_state["lab.settings"]["depth"] == TrainConfig().depth

    add_note(bob, "Bob's note")
    visit(alice, "8_Notes.py")
    assert [n.text for n in alice.session_state["notes.items"].values()] == ["Alice's private note"]


def test_a_run_another_learner_finished_is_not_shown_until_you_start_it():
    query = {"depth": "2", "width": "16", "epochs": "2", "seed": "11"}
    alice, bob = (AppTest.from_file(str(ROOT / "pages" / "3_Training_Lab.py"), default_timeout=60) for _ in range(2))
    for at in (alice, bob):
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
    alice.button(key="lab.play").click().run()
    while any(b.key == "lab.pause" for b in alice.button):
        alice.run()
    bob.run()
    assert "Nothing trained yet" in bob.info[0].value  # the server holds the run, but Bob has not started it
    bob.button(key="lab.play").click().run()
    assert bob.session_state["lab.revealed"] == 2  # Bob watches it from the start, at his own pace
    assert alice.session_state["lab.revealed"] == 2 and not any(b.key == "lab.pause" for b in alice.button)
    run = shared_run(TrainConfig(depth=2, width=16, epochs=2, seed=11))
    assert run.done  # trained once, for both


def cached_functions():
    """(name, call) for every st.cache_data function whose result a caller could mutate."""
    from ui.common import glossary
    from ui.family import experiment as family_experiment
    from ui.practice import runs as practice_runs
    from ui.quiz import state as quiz_state
    from ui.training_lab import cache as lab_cache

    return [
        ("glossary", glossary.glossary),
        ("quiz bank", quiz_state.bank),
        ("quiz question", lambda: quiz_state.question(quiz_state.bank()[0].id)),
        ("practice loops", practice_runs.practice_loops),
        ("practice result", lambda: practice_runs.loop_result("batch_size_noise")),
        ("paper run", lab_cache.paper_run),
        ("sweep points", lambda: lab_cache.sweep_points((TrainConfig(depth=2, width=16, epochs=1),))[0]),
        (
            "batch-size runs",
            lambda: family_experiment.cached_runs((TrainConfig(depth=1, width=8, epochs=1, norm_groups=2),))[0],
        ),
    ]


def scramble(value):
    """Mutate a returned value in place as deeply as a careless caller could."""
    if isinstance(value, dict | list):
        value.clear()
    else:
        for name, field in list(vars(value).items()):
            if isinstance(field, np.ndarray):
                field[...] = 0
            else:
                object.__setattr__(value, name, None)


@pytest.mark.parametrize("name, call", cached_functions(), ids=[n for n, _ in cached_functions()])
def test_mutating_a_cached_result_leaves_the_next_call_pristine(name, call):
    first = call()
    pristine = pickle.dumps(first)
    scramble(first)
    assert pickle.dumps(call()) == pristine


def test_shared_runs_hand_out_read_only_histories():
    run = shared_run(TrainConfig(depth=2, width=16, epochs=1, seed=12))
    run.advance(60, until_epoch=1)
    for history in run.snapshot[0].values():
        for array in (history.test_acc, history.hist_counts, history.up_to_epoch(0).test_acc):
            with pytest.raises(ValueError, match="read-only"):
                array[...] = 0


def project_globals() -> dict[str, bytes]:
    """Every mutable container at module level in bncore, quizzes and ui, pickled."""
    snapshot = {}
    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] not in ("bncore", "quizzes", "ui"):
            continue
        for name, value in vars(module).items():
            if isinstance(value, (dict, list, set)) and not name.startswith("__"):
                try:
                    snapshot[f"{module_name}.{name}"] = pickle.dumps(copy.deepcopy(value))
                except (TypeError, pickle.PicklingError, AttributeError):
                    snapshot[f"{module_name}.{name}"] = repr(value).encode()
    return snapshot


def test_a_session_leaves_every_module_global_as_it_found_it():
    at = learner()
    for page in sorted(p.name for p in (ROOT / "pages").glob("*.py")):
        visit(at, page)
    before = project_globals()
    add_note(at, "x")
    visit(at, "7_Quiz.py").button(key="quiz.start").click().run()
    visit(at, "3_Training_Lab.py").slider(key="lab.depth").set_value(2).run()
    at.button(key="lab.step").click().run()
    visit(at, "1_Walkthrough.py").button(key="walk.train_step").click().run()
    visit(at, "6_Practice.py")
    after = project_globals()
    changed = sorted(name for name in before if after.get(name) != before[name])
    assert not changed, changed
    assert len(before) > 20  # the snapshot really covers the project's module-level containers
