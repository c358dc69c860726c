"""Text and JSON renderings of simulation results for `quizsim sim`."""

from __future__ import annotations

from typing import Any

from quizsim.sim.result import Result


def _ms(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _usd(value: float) -> str:
    return f"${value:,.2f}" if value >= 1 else f"${value:.4f}"


def run_table(result: Result) -> str:
    """A readable report of one run."""
    s = result.summary
    head = f"scenario {result.scenario}"
    if result.option:
        head += f"  option {result.option}"
    lines = [
        f"{head}  store {result.store_profile} ({result.store_kind})  seed {result.seed}",
        "",
        f"  requests        {s.requests:,} in {s.duration_s:,.0f} s ({s.throughput_per_s:,.1f}/s completed)",
        "  latency ms      mean {mean}  p50 {p50}  p95 {p95}  p99 {p99}  max {mx}".format(
            mean=_ms(s.latency_ms["mean"]), p50=_ms(s.latency_ms["p50"]), p95=_ms(s.latency_ms["p95"]),
            p99=_ms(s.latency_ms["p99"]), mx=_ms(s.latency_ms["max"]),
        ),
        "  store ms        mean {mean}  p50 {p50}  p95 {p95}  p99 {p99}  max {mx}  ({per})".format(
            **{k: _ms(s.store_latency_ms.get(k, 0.0)) for k in ("mean", "p50", "p95", "p99")}, mx=_ms(s.store_latency_ms.get("max", 0.0)),
            per="per queue job" if result.store_kind == "queue" else "per session-store call",
        ),
        f"  wait ms         mean {_ms(s.wait_ms['mean'])}",
        "  errors          " + _by_kind(s.errors),
        f"  sessions lost   {s.sessions_lost:,}" + (f" of {s.sessions_started:,} sessions" if s.sessions_started else "") + (
            " (" + ", ".join(f"{k} {v:,}" for k, v in s.sessions_lost_by_cause.items()) + ")" if s.sessions_lost_by_cause else ""
        ),
    ]
    if s.session_reads:
        lines.append(
            f"  missed reads    {s.session_misses:,} of {s.session_reads:,} session reads ({s.session_misses / s.session_reads:.1%})"
        )
    if s.writes_lost:
        lines.append(f"  writes lost     {s.writes_lost:,} (acknowledged, not yet replicated)")
    costs = {k: v for k, v in s.cost_usd.items() if k != "total"}
    lines.append(
        f"  cost            {_usd(s.cost_usd['total'])} this run, {_usd(s.cost_usd_per_month)} per month"
        + (" (" + ", ".join(f"{k} {_usd(v)}" for k, v in costs.items()) + ")" if costs else "")
    )
    if s.unstable:
        lines.append("  UNSTABLE        the queue grew without bound; the run stopped early")
    lines += ["", "  minute   requests   p50 ms   p99 ms   store p99 ms   errors   lost   missed   capacity"]
    lines += [f"  {row}" for row in _minute_rows(result)]
    if result.events:
        lines += ["", "events:"] + [f"  {e.text}" for e in result.events]
    if s.notes:
        lines += ["", "notes:"] + [f"  {n}" for n in s.notes]
    return "\n".join(lines)


def _by_kind(errors: dict[str, int]) -> str:
    total = errors.get("total", 0)
    kinds = [f"{k} {v:,}" for k, v in errors.items() if k != "total" and v]
    return f"{total:,}" + (f" ({', '.join(kinds)})" if kinds else "")


def _minute_rows(result: Result, rows: int = 12) -> list[str]:
    """The run in about `rows` equal slices (requests summed, the worst p50/p99 shown)."""
    windows = result.windows
    if not windows:
        return []
    per = max(1, len(windows) // rows)
    out = []
    for i in range(0, len(windows), per):
        chunk = windows[i:i + per]
        requests = sum(w.requests for w in chunk)
        p50 = max(w.latency_ms["p50"] for w in chunk)
        p99 = max(w.latency_ms["p99"] for w in chunk)
        store_p99 = max(w.store_latency_ms.get("p99", 0.0) for w in chunk)
        errors = sum(w.errors for w in chunk)
        lost = sum(w.sessions_lost for w in chunk)
        missed = sum(w.session_misses for w in chunk)
        cap = ", ".join(f"{k} {v:g}" for k, v in chunk[-1].capacity.items())
        out.append(
            f"{chunk[0].t_s / 60:6.0f}   {requests:9,}   {_ms(p50):>6}   {_ms(p99):>6}   {_ms(store_p99):>12}   "
            f"{errors:6,}   {lost:4,}   {missed:6,}   {cap}"
        )
    return out


def judge_runs(question, results) -> list[dict[str, Any]]:
    """Each option's result with its standing under the question's judge, winners marked."""
    from quizsim.verdict.judge import standing, winners

    standings = [standing(question.judge, r.option_id, res, r) for r, res in results]
    count = sum(1 for o in question.options if o.correct) or 1
    best = set(winners(question.judge, standings, count))
    return [
        {"resolved": r, "result": res, "standing": st, "winner": st.option in best}
        for (r, res), st in zip(results, standings)
    ]


def question_json(question, judged: list[dict[str, Any]]) -> dict[str, Any]:
    runs = []
    for item in judged:
        data = item["result"].to_json()
        data["judge_value"] = item["standing"].value
        data["violations"] = list(item["standing"].violations)
        data["winner"] = item["winner"]
        runs.append(data)
    return {
        "question": question.id,
        "judge": {"metric": question.judge.metric, "goal": question.judge.goal},
        "runs": runs,
    }


def question_table(question, judged: list[dict[str, Any]]) -> str:
    metric = question.judge.metric
    lines = [
        f"question {question.id}: judged on {metric} ({question.judge.description})",
        "",
        "  option  key  sim   p99 ms   store p99 ms   errors   lost   $/month    store",
    ]
    for item in judged:
        res, st = item["result"], item["standing"]
        s = res.summary
        key = "✓" if res.correct else " "
        sim = "best" if item["winner"] else ""
        lines.append(
            f"  {res.option:6}  {key:3}  {sim:4}  {_ms(s.latency_ms['p99']):>7}  {_ms(s.store_latency_ms.get('p99', 0.0)):>13}  "
            f"{s.errors['total']:7,}  "
            f"{s.sessions_lost:5,}  {_usd(s.cost_usd_per_month):>9}   {res.store_profile}"
            + (f"  (fails {', '.join(st.violations)})" if st.violations else "")
        )
    agree = all(item["winner"] == bool(item["result"].correct) for item in judged)
    lines += ["", "the simulation agrees with the answer key" if agree else "the simulation DISAGREES with the answer key"]
    return "\n".join(lines)
