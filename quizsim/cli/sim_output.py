"""Text and JSON renderings of simulation results for `quizsim sim`.

Numbers are formatted by `quizsim.text` and labelled by `quizsim.metric_table`, as in the TUI; the
ranking comes from `quizsim.verdict.rank`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizsim.metric_table import STANDARD_ROWS, metric
from quizsim.text import duration, fmt_count, fmt_ms, fmt_usd

if TYPE_CHECKING:
    from quizsim.content import Question
    from quizsim.sim.result import Result
    from quizsim.verdict.rank import Ranking


def _latencies(stats: dict[str, float]) -> str:
    return "  ".join(f"{k} {fmt_ms(stats.get(k, 0.0))}" for k in ("mean", "p50", "p95", "p99", "max"))


def run_table(result: "Result") -> str:
    """A readable report of one run."""
    s = result.summary
    head = f"scenario {result.scenario}"
    if result.option:
        head += f"  option {result.option}" + {True: " (the key's answer)", False: " (not the key's answer)"}.get(result.correct, "")
    lines = [
        f"{head}  store {result.store_profile} ({result.store_kind})  seed {result.seed}",
        "",
        f"  requests        {s.requests:,} in {s.duration_s:,.0f} s ({s.throughput_per_s:,.1f}/s completed)",
        f"  latency         {_latencies(s.latency_ms)}  (successful requests only)",
        f"  store latency   {_latencies(s.store_latency_ms)}  "
        + ("(per queue job)" if result.store_kind == "queue" else "(per session-store call)"),
        f"  wait            mean {fmt_ms(s.wait_ms['mean'])}",
        "  errors          " + _by_kind(s.errors),
        f"  sessions lost   {fmt_count(s.sessions_lost)}"
        + (f" of {fmt_count(s.sessions_started)} sessions" if s.sessions_started else "")
        + (
            " (" + ", ".join(f"{k} {fmt_count(v)}" for k, v in s.sessions_lost_by_cause.items()) + ")"
            if s.sessions_lost_by_cause else ""
        ) + " (users logged out, each counted once)",
    ]
    if result.store_kind == "work_queue":
        # A decoupling run: its requests are jobs, its latency the time from creation to completion.
        lines[3] = f"  completion      {_latencies(s.latency_ms)}  (job created to processed)"
        lines[4] = (
            f"  jobs            lost {fmt_count(s.jobs_lost)}, processed twice {fmt_count(s.jobs_processed_twice)}, "
            f"out of order {fmt_count(s.jobs_out_of_order)}, to the DLQ {fmt_count(s.jobs_dead_lettered)}, "
            f"Lambda throttles {fmt_count(s.lambda_throttles)}; oldest message {s.oldest_message_age_s:,.0f} s; "
            f"workers {fmt_usd(s.worker_cost_usd_per_month)} per month"
        )
        del lines[7]  # sessions: none in a decoupling run
        lines.append(
            f"  queue           {fmt_count(s.sqs_requests)} SQS requests ({fmt_count(s.sqs_empty_receives)} empty receives), "
            f"{fmt_usd(s.queue_cost_usd_per_month)} per month; sends repeated {fmt_count(s.sends_repeated)}, "
            f"dropped by FIFO deduplication {fmt_count(s.sends_deduplicated)}"
        )
        if s.web_latency_ms:
            web = "  ".join(f"{k} {fmt_ms(s.web_latency_ms.get(k, 0.0))}" for k in ("mean", "p50", "p99", "max"))
            lines.append(f"  web tier        response {web}; {fmt_count(s.web_errors)} requests failed")
    if s.session_reads:
        lines.append(
            f"  missed reads    {fmt_count(s.session_misses)} of {fmt_count(s.session_reads)} session reads "
            f"({s.session_misses / s.session_reads:.1%})"
        )
    if s.writes_lost:
        lines.append(f"  writes lost     {fmt_count(s.writes_lost)} (acknowledged, not yet replicated)")
    costs = {k: v for k, v in s.cost_usd.items() if k != "total"}
    lines.append(
        f"  cost            {fmt_usd(s.cost_usd['total'])} this run, {fmt_usd(s.cost_usd_per_month)} per month"
        + (" (" + ", ".join(f"{k} {fmt_usd(v)}" for k, v in costs.items()) + ")" if costs else "")
    )
    if s.unstable:
        lines.append("  UNSTABLE        the queue grew without bound; the run stopped early")
    # A run of days is read in elapsed time ("2.5 days"), not in thousands of minutes.
    when = "minute" if s.duration_s <= 86_400 else "  from start"
    lines += ["", f"  {when}   requests        p50        p99   store p99     errors     lost     missed   capacity"]
    lines += [f"  {row}" for row in _minute_rows(result)]
    if result.events:
        lines += ["", "events:"] + [f"  {e.text}" for e in result.events]
    if s.notes:
        lines += ["", "notes:"] + [f"  {n}" for n in s.notes]
    return "\n".join(lines)


def _by_kind(errors: dict[str, int]) -> str:
    total = errors.get("total", 0)
    kinds = [f"{k} {fmt_count(v)}" for k, v in errors.items() if k != "total" and v]
    return fmt_count(total) + (f" ({', '.join(kinds)})" if kinds else "")


def _minute_rows(result: "Result", rows: int = 12) -> list[str]:
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
            (f"{chunk[0].t_s / 60:6.0f}" if result.summary.duration_s <= 86_400 else f"{duration(chunk[0].t_s):>12}")
            + f"   {fmt_count(requests):>8}   {fmt_ms(p50):>8}   {fmt_ms(p99):>8}   {fmt_ms(store_p99):>9}   "
            f"{fmt_count(errors):>8}   {fmt_count(lost):>6}   {fmt_count(missed):>8}   {cap}"
        )
    return out


def question_json(question: "Question", results: dict[str, "Result"], ranking: "Ranking") -> dict[str, Any]:
    """`{"question", "judge", "agrees", "disagreements", "runs"}`, each run as `Result.to_json()` plus its standing."""
    runs = []
    for oid, result in results.items():
        st = ranking.standings[oid]
        data = result.to_json()
        data["judge_value"] = st.value
        data["violations"] = list(st.violations)
        data["winner"] = oid in ranking.winners
        runs.append(data)
    return {
        "question": question.id,
        "judge": {"metric": question.judge.metric, "goal": question.judge.goal},
        "agrees": ranking.agrees,
        "disagreements": ranking.disagreements(),
        "runs": runs,
    }


def question_table(question: "Question", results: dict[str, "Result"], ranking: "Ranking") -> str:
    """One row per option: answer key, the simulation's winners, the judged metric and the standard ones."""
    judged = metric(question.judge.metric)
    specs = ([judged] if judged.name not in STANDARD_ROWS else []) + [metric(name) for name in STANDARD_ROWS]
    header = ["option", "key", "sim"] + [("★ " if s is judged else "") + s.short for s in specs] + ["store"]
    rows = []
    for oid, result in results.items():
        cells = [oid, "✓" if result.correct else "", "best" if oid in ranking.winners else ""]
        cells += [spec.format(spec.value(result)) for spec in specs]
        cells.append(result.store_profile)
        violations = ranking.standings[oid].violations
        if violations:
            cells[-1] += f"  (fails {', '.join(violations)})"
        rows.append(cells)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    numeric = set(range(3, len(header) - 1))

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  " + "  ".join(parts) + "  " + cells[-1]

    lines = [f"question {question.id}: judged on {judged.label} (★, {question.judge.description})", "", line(header)]
    lines += [line(r) for r in rows]
    lines.append("")
    if ranking.agrees:
        lines.append("the simulation agrees with the answer key")
    else:
        lines.append("the simulation DISAGREES with the answer key:")
        lines += [f"  {reason}" for reason in ranking.disagreements()]
    return "\n".join(lines)
