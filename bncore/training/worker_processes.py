"""Stacked trainers trained in worker processes, so that a page's sweep or experiment uses more than one core (a
small network's step is mostly Python work, which the threads of one process can only take turns at).

A worker is ``python -m bncore.training.worker_processes``. It reads the configurations of one stack from its stdin
(pickled), builds their ``StackedTrainer`` (a built one would not survive pickling: its optimizer updates views of the
network's arrays, which pickling copies), trains it to the end and writes pickled messages to its stdout:
``("epoch", steps counted)`` after every epoch, then ``("scores", [PointScores, ...])``, or ``("failed", traceback)``.
Then it reads the next stack, until its stdin closes. Workers inherit the environment, so their NumPy computes as the
parent's does (in the app's server: one BLAS thread and the kernels ui/common/numpy_settings.py sets) and they record
the parent's numbers bit for bit.
"""

from __future__ import annotations

import pickle
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bncore.training.config import TrainConfig
    from bncore.training.stacked_trainer import PointScores

WORKER_PROCESSES = 2  # the pages' sweeps and experiments: the two cores of the machine the app is deployed on
PACKAGE_PARENT = Path(__file__).resolve().parents[2]  # the folder holding bncore/, where ``python -m`` finds it


def train_in_processes(
    stacks: list[list[TrainConfig]], processes: int, report: Callable[[int], None]
) -> list[list[PointScores]]:
    """Train each stack of configurations to the end in up to ``processes`` workers, in the order given (each worker
    takes the next when it is done), calling ``report`` from this thread with the steps counted of all of them after
    each epoch of any.

    Returns:
        each stack's scores, in the order of ``stacks``.

    If ``report`` raises (a page's run was stopped), every worker is killed and the error goes on; if a worker fails,
    a RuntimeError carries its traceback.
    """
    waiting: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(stacks)):
        waiting.put(index)
    news: queue.SimpleQueue[tuple[int, int] | BaseException | None] = queue.SimpleQueue()  # None: a worker is done
    scores: list[list[PointScores] | None] = [None] * len(stacks)

    def feed(worker: subprocess.Popen) -> None:
        """Hand ``worker`` the waiting stacks one after another and pass on what it says about each."""
        try:
            while (index := _next(waiting)) is not None:
                pickle.dump(stacks[index], worker.stdin)
                worker.stdin.flush()
                scores[index] = _relay(worker, lambda steps: news.put((index, steps)))
            news.put(None)
        except BaseException as error:  # handed to the reporting thread, which raises it
            news.put(error)

    with ExitStack() as running:
        workers = [running.enter_context(_start_worker()) for _ in range(min(processes, len(stacks)))]
        lanes = [threading.Thread(target=feed, args=(worker,)) for worker in workers]
        for lane in lanes:
            lane.start()
        try:
            steps_counted = [0] * len(stacks)
            for _ in lanes:
                while (message := news.get()) is not None:
                    if isinstance(message, BaseException):
                        raise message
                    index, steps_counted[index] = message
                    report(sum(steps_counted))
        finally:
            for worker in workers:
                worker.kill()  # idle now, or (the run stopped, a worker failed) still training
            for lane in lanes:
                lane.join()
    return scores


def _next(waiting: queue.SimpleQueue[int]) -> int | None:
    try:
        return waiting.get_nowait()
    except queue.Empty:
        return None


def _start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bncore.training.worker_processes"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=PACKAGE_PARENT,
    )


def _relay(worker: subprocess.Popen, on_epoch: Callable[[int], None]) -> list[PointScores]:
    """Read ``worker``'s messages about its current stack: each epoch's steps to ``on_epoch``, then its scores."""
    while True:
        try:
            kind, value = pickle.load(worker.stdout)
        except EOFError:
            raise RuntimeError("a training worker process ended before its stack was trained") from None
        if kind == "epoch":
            on_epoch(value)
        elif kind == "scores":
            return value
        else:
            raise RuntimeError(f"a training worker process failed:\n{value}")


def serve() -> None:
    """A worker: train every stack whose configurations come in on stdin, until stdin closes."""
    from bncore.training.stacked_trainer import StackedTrainer  # which imports this module

    inbox, outbox = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed goes to the log, not into the messages

    def send(message: tuple) -> None:
        pickle.dump(message, outbox)
        outbox.flush()

    while True:
        try:
            configs = pickle.load(inbox)
        except EOFError:
            return
        try:
            trainer = StackedTrainer(configs)
            while not trainer.done:
                trainer.run_epoch()
                send(("epoch", trainer.steps_counted))
            send(("scores", trainer.scores()))
        except Exception:  # reported to the parent, which raises it
            send(("failed", traceback.format_exc()))


if __name__ == "__main__":
    serve()
