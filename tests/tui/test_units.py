"""Textual-free parts of the practice loop: session, selection, matchup, verdict words, charts, playback."""

from __future__ import annotations

import math

from quizsim.verdict.matchup import plan_matchup
from quizsim.study.practice import PracticeSession, Selection, grade
from quizsim.text import fmt_ms, fmt_usd
from quizsim.verdict.rows import ratio_words
from quizsim.race.chart_text import ChartSeries, render_chart, sparkline
from quizsim.race.playback import Playback
from quizsim.race.series import BucketSeries


def test_session_navigation_filter_and_score() -> None:
    session = PracticeSession([("q1", ["a"]), ("q2", ["b"]), ("q3", ["a", "b"])])
    assert session.current == "q1" and session.position == "1/3"
    assert session.previous() == "q1"  # stays at the start
    session.skip()
    assert session.skipped == {"q1"} and session.current == "q2"
    session.record("q2", ["x"], grade(["y"], ["x"]))
    session.next()
    session.record("q3", ["y"], grade(["y"], ["y"]))
    assert session.next() == "q3" and session.at_end
    assert session.score() == (1, 1)
    session.set_tag("a")
    assert session.ids == ["q1", "q3"] and session.current == "q3"  # stays on a question that remains
    session.set_tag("zzz")
    assert session.current is None and session.position == "0/0" and session.next() is None
    assert session.tags() == {"a": 2, "b": 2}


def test_selection_single_and_choose_n() -> None:
    single = Selection(1)
    single.toggle("a")
    single.toggle("b")
    assert single.picked == ["b"] and single.ready
    multi = Selection(2)
    assert multi.toggle("a") is None and multi.toggle("b") is None
    assert "unpick one" in (multi.toggle("c") or "")
    assert multi.counter() == "chosen 2 of 2" and multi.ready
    multi.toggle("a")
    assert multi.picked == ["b"] and not multi.ready
    assert grade(["a", "b"], ["b", "a"]).correct and not grade(["a", "b"], ["a"]).correct


def test_matchup_wrong_answer_races_a_correct_option() -> None:
    options = [("a", True), ("b", False), ("c", False)]
    m = plan_matchup(options, ["c"])
    assert (m.yours, m.other, m.role) == ("c", "a", "best")


def test_matchup_right_answer_looks_for_the_runner_up() -> None:
    m = plan_matchup([("a", False), ("b", True), ("c", False)], ["b"])
    assert m.yours == "b" and m.other is None and m.candidates == ("a", "c") and m.role == "runner-up"


def test_matchup_choose_n_compares_the_wrong_pick_with_the_missed_one() -> None:
    m = plan_matchup([("a", True), ("b", True), ("c", False)], ["a", "c"])
    assert (m.yours, m.other) == ("c", "b")
    assert m.picks == ("a", "c") and m.best == ("a", "b") and m.shared == ("a",)


def test_verdict_words_name_the_size_of_the_difference() -> None:
    assert ratio_words(180, 0.9, "slower", "faster") == ("200× slower", "✗")
    assert ratio_words(41.2, 12.1, "dearer", "cheaper") == ("3.4× dearer", "✗")
    assert ratio_words(5, 10, "slower", "faster") == ("2.0× faster", "✓")
    assert ratio_words(10, 10.2, "slower", "faster")[1] == "="
    assert fmt_ms(0.9) == "0.9 ms" and fmt_ms(180) == "180 ms" and fmt_usd(41.2) == "$41.20"


def test_chart_draws_each_series_in_its_own_line_style() -> None:
    flat = ChartSeries("a", [1.0] * 100)
    spike = ChartSeries("b", [10.0] * 50 + [1000.0] * 10 + [10.0] * 40)
    rows = render_chart([flat, spike], visible=100, width=60, height=12, x_labels=("09:00", "09:30", "10:00"))
    text = "\n".join("".join(ch for ch, _ in row) for row in rows)
    assert "─" in text and "━" in text and "┏" in text and "┓" in text
    assert "09:00" in text and "10:00" in text
    owners = {owner for row in rows for _, owner in row}
    assert {0, 1} <= owners


def test_chart_shows_only_what_the_playhead_revealed() -> None:
    rows = render_chart([ChartSeries("a", [5.0] * 100)], visible=10, width=60, height=8)
    plot_cols = [i for row in rows for i, (ch, owner) in enumerate(row) if owner == 0]
    assert plot_cols and max(plot_cols) < 7 + 53 * 0.2


def test_sparkline_and_empty_chart() -> None:
    assert sparkline([0, 0, 5, 10], 4, 4) == "▁▁▅█"
    assert sparkline([1, 2, 3, 4], 2, 4).endswith("  ")
    rows = render_chart([ChartSeries("a", [math.nan] * 10)], visible=0, width=30, height=6)
    assert len(rows) == 6


def test_playback_speed_pause_and_jump() -> None:
    p = Playback(duration_s=3600)
    p.tick(1.0)
    assert math.isclose(p.playhead_s, 3600 / 8)
    p.toggle_pause()
    p.tick(1.0)
    assert math.isclose(p.playhead_s, 3600 / 8)
    p.toggle_pause()
    p.faster()
    assert p.speed == 2.0 and "2×" in p.speed_label()
    p.jump_to_end()
    assert p.at_end


def test_bucket_series_keeps_the_worst_p99_and_capacity_changes() -> None:
    from quizsim.sim.result import Window

    s = BucketSeries(duration_s=100, buckets=10)
    s.add(Window(0, 5, 10, {"p99": 2.0}, 1, capacity={"instances": 4}))
    s.add(Window(5, 5, 10, {"p99": 7.0}, 2, cost_usd=0.5, capacity={"instances": 6}))
    assert s.p99_ms[0] == 7.0 and s.errors[0] == 3
    assert s.capacity_changes == [(5, "instances 4→6")]
    assert s.visible_buckets(3) == 1 and s.cost_at(100) == 0.5


def test_capacity_changes_are_steps_not_gauge_drift() -> None:
    from quizsim.race.series import is_capacity_change

    assert is_capacity_change("instances", 4, 6)
    assert is_capacity_change("wru_per_s_limit", 4000.5, 8001.0)
    assert not is_capacity_change("wru_per_s_limit", 4000.5, 4100.2)
    assert not is_capacity_change("efs_credits_gib", 2.0, 1.0)
    assert not is_capacity_change("cache_used_pct", 0.7, 0.9)
    assert not is_capacity_change("queue_depth", 100, 4000)  # a level that moves every window
    assert not is_capacity_change("oldest_message_age_s", 3, 60)


def test_capacity_changes_read_as_words_and_whole_counts() -> None:
    from quizsim.race.series import BucketSeries
    from quizsim.sim.result import Window

    s = BucketSeries(duration_s=60, buckets=6)
    s.add(Window(0, 5, 10, {"p99": 2.0}, 1, capacity={"lambda_concurrency": 137.401}))
    s.add(Window(5, 5, 10, {"p99": 2.0}, 1, capacity={"lambda_concurrency": 64.719}))
    assert s.capacity_changes == [(5, "Lambda concurrency 137→65")]


def test_any_judged_metric_gets_a_verdict_row() -> None:
    from quizsim.metric_table import metric
    from quizsim.verdict.rows import compare

    row = compare(metric("store_p99_latency_ms"), 21.0, 1.3)
    assert row.metric == "session-store p99 latency" and row.short == "16× slower" and row.mark == "✗"
    assert compare(metric("cost_usd_per_month"), 10, 20).short == "2.0× cheaper"
    assert compare(metric("errors"), 5, 5).mark == "="


def test_countdown_reads_like_a_timer() -> None:
    from quizsim.text import countdown

    assert [countdown(ms) for ms in (0, 999, 65_000, 1_199_999, 3_909_000, -5)] == [
        "00:00", "00:00", "01:05", "19:59", "1:05:09", "00:00"]


def test_a_capacity_change_that_does_not_fit_goes_on_its_own_line() -> None:
    from types import SimpleNamespace

    from quizsim.race.series import BucketSeries
    from quizsim.race.view import Lane
    from quizsim.sim.result import Window
    from quizsim.tui.widgets.panel_text import lines_text

    series = BucketSeries(duration_s=60, buckets=6)
    series.add(Window(0, 5, 10, {"p99": 2.0}, 1, capacity={"lambda_concurrency": 137.4}))
    series.add(Window(5, 5, 10, {"p99": 2.0}, 1, capacity={"lambda_concurrency": 64.7}))
    lane = Lane("a", "yours", series, letter="C")
    view = SimpleNamespace(playback=SimpleNamespace(playhead_s=60.0))
    for width in (44, 70, 120):
        rows = lines_text(view, [lane], width).plain.splitlines()[:-1]  # the last line is the latency note
        assert all(len(row) <= width for row in rows), (width, rows)
        assert any("▲ Lambda concurrency 137→65" in row for row in rows)
    assert len(lines_text(view, [lane], 120).plain.splitlines()) == 2  # fits beside the totals
    assert lines_text(view, [lane], 44).plain.splitlines()[1] == "   ▲ Lambda concurrency 137→65"


def test_a_queued_jobs_run_says_jobs_lost_not_sessions_lost() -> None:
    from types import SimpleNamespace

    from quizsim.race.series import BucketSeries
    from quizsim.race.view import Lane
    from quizsim.tui.widgets.panel_text import lines_text

    plan = SimpleNamespace(resolved=SimpleNamespace(store=SimpleNamespace(kind="work_queue")))
    lane = Lane("c", "", BucketSeries(duration_s=60, buckets=6), letter="C")
    view = SimpleNamespace(plans={"c": plan}, duration_s=60.0, playback=SimpleNamespace(playhead_s=30.0))
    assert "jobs lost …" in lines_text(view, [lane], 120).plain  # not known before the playhead reaches the end
    lane.result = SimpleNamespace(summary=SimpleNamespace(jobs_lost=43_046))
    view.playback.playhead_s = 60.0
    line = lines_text(view, [lane], 120).plain.splitlines()[0]
    assert "jobs lost 43,046" in line and " lost ▁" not in line
