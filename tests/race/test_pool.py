"""Races in worker processes (quizsim.race.pool): the same results as in-process, streamed, cancellable,
an option's failure stays that option's, and no worker process outlives the pool or the app."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from quizsim.race.pool import PoolUnavailable, RacePool
from quizsim.race.runner import MAX_BATCHES, RaceCancelled, RunPlan, plan_runs, race
from tests.tui.support import practice_library

pytestmark = pytest.mark.xdist_group("test_pool")  # one worker starts the module's pool of worker processes


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return practice_library(tmp_path_factory.mktemp("pool"))


@pytest.fixture(scope="module")
def pool(library):
    pool = RacePool(workers=2, quiet=False)
    pool.start(_plans(library, "tui-queue-servers")[0].resolved)
    yield pool
    pool.shutdown()


def _plans(library, question_id: str) -> list[RunPlan]:
    question = library.questions[question_id]
    return plan_runs(library, question, [o.id for o in question.options])


def _json(result) -> str:
    return json.dumps(result.to_json(), sort_keys=True)


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_results_stream_from_both_workers_and_equal_the_in_process_race(library, pool) -> None:
    plans = _plans(library, "tui-queue-servers")
    batches = []
    outcome = pool.race(plans, 7, threading.Event(), batches.append)
    local = race(plans, 7, threading.Event(), lambda batch: None)
    assert list(outcome.results) == ["a", "b", "c"] and outcome.errors == {}
    for oid, result in local.results.items():
        assert _json(outcome.results[oid]) == _json(result)  # byte-identical, whichever process ran it
        streamed = [w for batch in batches for w in batch.windows.get(oid, [])]
        assert streamed == result.windows  # every window once, in order, before the end
    assert 2 <= len(batches) <= MAX_BATCHES
    assert len(pool.pids()) == 2


def test_cancel_stops_the_race_and_its_late_batches_never_reach_the_next(library, pool) -> None:
    long_plans = [dataclasses.replace(p, option_id=f"long-{p.option_id}") for p in _plans(library, "tui-queue-long")]
    cancel = threading.Event()
    first = []

    def emit(batch):
        first.append(batch)
        cancel.set()  # Esc as the first frame arrives

    with pytest.raises(RaceCancelled):
        pool.race(long_plans, 1, cancel, emit)
    assert len(first) >= 1
    # A day-long race on both workers would hold them for minutes: this one runs only if they stopped.
    later = []
    outcome = pool.race(_plans(library, "tui-queue-servers"), 1, threading.Event(), later.append)
    assert sorted(outcome.results) == ["a", "b", "c"]
    assert not any(oid.startswith("long-") for batch in later for oid in [*batch.windows, *batch.events, *batch.progress])


def test_an_option_whose_run_raises_is_that_options_error_and_the_pool_carries_on(library, pool) -> None:
    plans = _plans(library, "tui-queue-servers")[:1] + [RunPlan("broken", resolved="not a scenario")]
    outcome = pool.race(plans, 3, threading.Event(), lambda batch: None)
    assert list(outcome.results) == ["a"]
    assert "AttributeError" in outcome.errors["broken"]
    assert sorted(pool.race(_plans(library, "tui-queue-servers"), 3, threading.Event(), lambda b: None).results) == ["a", "b", "c"]


def test_a_worker_that_dies_is_replaced(library) -> None:
    pool = RacePool(workers=2, quiet=False)
    plans = _plans(library, "tui-queue-servers")
    pool.start(plans[0].resolved)
    try:
        crash = pool._executor.submit(os._exit, 3)  # as a crash in an extension module would
        with pytest.raises(Exception):
            crash.result()
        outcome = pool.race(plans, 5, threading.Event(), lambda batch: None)
        assert sorted(outcome.results) == ["a", "b", "c"] and outcome.errors == {}
    finally:
        pool.shutdown()


def test_shutdown_ends_every_worker_and_a_closed_pool_refuses_races(library) -> None:
    pool = RacePool(workers=2, quiet=False)
    pool.start(None)
    pids = pool.pids()
    assert len(pids) == 2 and all(_alive(pid) for pid in pids)
    pool.shutdown()
    assert not any(_alive(pid) for pid in pids)
    with pytest.raises((RaceCancelled, PoolUnavailable)):
        pool.race(_plans(library, "tui-queue-servers"), 1, threading.Event(), lambda batch: None)


def test_no_worker_processes_means_unavailable_not_a_crash(library) -> None:
    pool = RacePool(workers=0)
    with pytest.raises(PoolUnavailable, match="QUIZSIM_WORKERS=0"):
        pool.start(None)
    with pytest.raises(PoolUnavailable):
        pool.race(_plans(library, "tui-queue-servers"), 1, threading.Event(), lambda batch: None)


def test_a_platform_that_cannot_start_processes_gets_unavailable(library, monkeypatch) -> None:
    def refuse(self):
        raise OSError("[Errno 38] Function not implemented: sem_open")

    monkeypatch.setattr(RacePool, "_new_executor", refuse)
    pool = RacePool(workers=2)
    with pytest.raises(PoolUnavailable, match="sem_open"):
        pool.start(None)
    assert not pool.ready and "sem_open" in pool.failure


APP_SESSION = r"""
import json, os, sys
from quizsim.content import load_library
from quizsim.tui.app import make_app
from tests.tui.support import write_extra_pack
from pathlib import Path

library = load_library([write_extra_pack(Path(sys.argv[1]))])

async def pilot(p):
    app = p.app
    while app.race_pool is None or not app.race_pool.ready:
        await p.pause(0.05)
    pids = app.race_pool.pids()
    await p.press("p")
    await p.pause()
    screen = app.screen
    while screen.session.current != "tui-queue-servers":
        await p.press("n")
    await p.press("b", "enter", "j")
    from quizsim.tui.widgets.consequence import ConsequencePanel
    panel = screen.query_one(ConsequencePanel)
    while panel.verdict_shown_at is None:
        await p.pause(0.05)
    print(json.dumps({"pids": pids, "races": app.race_pool.races}), flush=True)
    await p.press("ctrl+q")

make_app(library).run(headless=True, size=(120, 40), auto_pilot=pilot)
"""


def test_the_app_answers_in_worker_processes_and_leaves_none_behind_on_quit(tmp_path) -> None:
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", APP_SESSION, str(tmp_path)], cwd=root, capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(report["pids"]) == 2 and report["races"] == 1
    assert not any(_alive(pid) for pid in report["pids"])


KILLED_APP = r"""
import json, os, signal
from quizsim.race.pool import RacePool

if __name__ == "__main__":
    pool = RacePool(workers=2)
    pool.start(None)
    print(json.dumps(pool.pids()), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no shutdown, as when the terminal is closed under the app
"""


def test_workers_end_when_the_app_is_killed(tmp_path) -> None:
    import time

    script = tmp_path / "killed_app.py"
    script.write_text(KILLED_APP)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    pids = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(pids) == 2
    deadline = time.monotonic() + 60  # a generous bound on "eventually", not a speed target
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in pids)
