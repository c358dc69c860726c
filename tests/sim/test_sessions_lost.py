"""`sessions_lost` counts users whose session was lost, once each; missed reads are their own metric (issue 8)."""

from __future__ import annotations

import numpy as np
import pytest

from quizsim.content.scenario import Sessions
from quizsim.sim import simulate
from tests.sim.helpers import session_run


def _pool(count: int):
    from quizsim.sim.sessions import SessionPool

    pool = SessionPool(Sessions(), np.random.default_rng(0))
    pool.add(np.zeros(count), 1.0, np.zeros(count, dtype=np.int64))
    return pool


def test_a_session_lost_and_then_missed_many_times_counts_once() -> None:
    pool = _pool(4)
    assert pool.lose(np.array([True, False, False, False]), "node_failure") == 1.0
    pool.present[0] = True  # the user logged in again, in the same slot
    assert pool.lose(np.array([True, True, False, False]), "evicted") == 1.0  # only slot 1 is new
    assert pool.count_lost(np.array([2, 2, 2, 0, 1])) == 1.0  # slot 2 read three times in one window
    assert pool.count_lost(np.array([2, 3])) == 1.0
    assert pool.started_weight == 4.0


def test_round_robin_on_ebs_loses_each_user_once_however_often_they_miss(bundled_library) -> None:
    # 6 instances, round robin: 5 reads in 6 miss, and a user logged out logs in again and misses again.
    run = session_run(bundled_library, "ebs-gp3-local", 300, 900, web={"instances": 6, "routing": "round_robin"})
    result = simulate(run, 42)
    s = result.summary
    # About rate × think time in progress at the start, plus rate / requests per session started since.
    assert s.sessions_started == pytest.approx(300 * 30 + 300 * 900 / 20, rel=0.05)
    assert 0 < s.sessions_lost <= s.sessions_started
    assert s.sessions_lost_by_cause == {"routed_elsewhere": s.sessions_lost}
    assert s.session_misses >= s.sessions_lost
    # Reads per user in the run are many, so misses far outnumber the users they logged out.
    assert s.session_misses > 5 * s.sessions_lost
    assert s.session_misses / s.session_reads == pytest.approx(5 / 6, abs=0.03)


def test_missed_reads_are_reported_per_window_and_in_the_json(bundled_library) -> None:
    run = session_run(bundled_library, "ebs-gp3-local", 300, 300, web={"instances": 4, "routing": "round_robin"})
    result = simulate(run, 1)
    s = result.summary
    assert sum(w.session_misses for w in result.windows) == pytest.approx(s.session_misses, abs=len(result.windows))
    assert sum(w.sessions_lost for w in result.windows) == pytest.approx(s.sessions_lost, abs=len(result.windows))
    data = result.to_json()
    assert data["summary"]["session_misses"] == s.session_misses
    assert data["summary"]["sessions_started"] == s.sessions_started
    assert all("session_misses" in w for w in data["windows"])
    assert data["windows"][-1]["session_misses"] > data["windows"][-1]["sessions_lost"]


def test_a_shared_store_has_no_misses_and_loses_nobody(bundled_library) -> None:
    run = session_run(bundled_library, "redis-t4g-small-single", 300, 300, web={"instances": 4, "routing": "round_robin"})
    s = simulate(run, 1).summary
    assert s.session_misses == 0 and s.sessions_lost == 0 and s.sessions_started > 0


def test_an_instance_failure_loses_its_users_once_even_as_they_miss_afterwards(bundled_library) -> None:
    # Sticky sessions on the instance store: the failed instance's users are lost at the failure; their next
    # reads land elsewhere and miss, but they are not counted lost a second time.
    run = session_run(bundled_library, "instance-store-local", 400, 900, web={"instances": 4, "routing": "sticky"},
                      faults=[{"at_s": 300, "kind": "instance_failure"}])
    s = simulate(run, 1).summary
    failed = s.sessions_lost_by_cause.get("instance_failure", 0)
    assert failed == pytest.approx(400 * 30 / 4, rel=0.2)
    assert s.sessions_lost <= s.sessions_started
    assert s.sessions_lost_by_cause.get("routed_elsewhere", 0) < 0.05 * failed


def test_the_cli_table_shows_users_lost_and_missed_reads_apart(bundled_library) -> None:
    from quizsim.cli.sim_output import run_table
    from quizsim.text import fmt_count

    run = session_run(bundled_library, "ebs-gp3-local", 300, 300, web={"instances": 6, "routing": "round_robin"})
    result = simulate(run, 1)
    s = result.summary
    text = run_table(result)
    assert f"sessions lost   {fmt_count(s.sessions_lost)} of {fmt_count(s.sessions_started)} sessions" in text
    assert f"missed reads    {fmt_count(s.session_misses)} of {fmt_count(s.session_reads)} session reads" in text
    header = next(line for line in text.splitlines() if line.strip().startswith("minute"))
    assert header.split().index("missed") == header.split().index("lost") + 1
    # The first row sums the first slice of windows: its lost users, then its missed reads, side by side.
    first_row = text.splitlines()[text.splitlines().index(header) + 1]
    chunk = result.windows[: max(1, len(result.windows) // 12)]
    lost, missed = sum(w.sessions_lost for w in chunk), sum(w.session_misses for w in chunk)
    assert missed > lost > 0
    assert f"{fmt_count(lost)}   {fmt_count(missed):>8}" in first_row
