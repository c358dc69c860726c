"""Engine speed: against a plain per-request SimPy model, and on session-store scenarios.

Run: `make bench` (or `.venv/bin/python benchmarks/bench_engine.py`). Each case runs in a fresh
child process so that its peak memory (max RSS, including Python and numpy) is its own.
Prints one line per case and a summary against the targets of issue 3.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

MMC = {"servers": 10, "mean_ms": 10.0, "rho": 0.9}  # M/M/10 at ρ = 0.9: λ = 900/s


def _erlang_c_wait_s(lam: float, mu: float, c: int) -> float:
    a = lam / mu
    rho = a / c
    head = sum(a**k / math.factorial(k) for k in range(c))
    tail = a**c / math.factorial(c) / (1 - rho)
    return tail / (head + tail) / (c * mu - lam)


# ---- cases, each run inside a child process -------------------------------------------------------
def case_simpy_mmc(simulated_s: float, seed: int) -> dict:
    """The baseline: the plain per-request SimPy model of tests/sim/test_queueing.py (one process per request)."""
    import numpy as np

    sys.path.insert(0, str(REPO))
    from tests.sim.test_queueing import _simpy_per_request

    c, mean_s = MMC["servers"], MMC["mean_ms"] / 1000
    lam = MMC["rho"] * c / mean_s
    start = time.perf_counter()
    done = _simpy_per_request(seed, c, mean_s, lam, lam, 0.0, 0.0, simulated_s)
    wall = time.perf_counter() - start
    waits = [latency for arrived, latency in done if arrived >= 100]
    return {"wall_s": wall, "requests": len(done), "mean_wait_s": float(np.mean(waits)) - mean_s}


def case_engine_mmc(simulated_s: float, seed: int) -> dict:
    sys.path.insert(0, str(REPO))
    from tests.sim.helpers import mean_wait_after_s, queue_run

    from quizsim.sim import simulate

    c, mean_ms = MMC["servers"], MMC["mean_ms"]
    lam = MMC["rho"] * c * 1000 / mean_ms
    run = queue_run(lam, c, {"dist": "exponential", "mean_ms": mean_ms}, simulated_s)
    simulate(queue_run(lam, c, {"dist": "exponential", "mean_ms": mean_ms}, 10), seed)  # imports, first calls
    start = time.perf_counter()
    result = simulate(run, seed)
    wall = time.perf_counter() - start
    assert result.summary.sample_fraction == 1.0  # every request simulated: the same accuracy as SimPy
    return {"wall_s": wall, "requests": result.summary.requests, "mean_wait_s": mean_wait_after_s(result, 100)}


def case_session(store: str, rate_per_s: float, seed: int) -> dict:
    """One simulated hour of a session-store scenario (web tier sized to about 50 % CPU)."""
    sys.path.insert(0, str(REPO))
    from tests.sim.helpers import session_run

    from quizsim.content import default_content_paths, load_library
    from quizsim.sim import simulate

    library = load_library(default_content_paths())
    instances = max(2, math.ceil(rate_per_s / 400 / 0.5))
    run = session_run(library, store, rate_per_s, 3600, web={"instances": instances, "routing": "round_robin"})
    simulate(session_run(library, store, 10, 60, web={"instances": 2}), seed)  # imports, first calls
    start = time.perf_counter()
    result = simulate(run, seed)
    wall = time.perf_counter() - start
    s = result.summary
    return {"wall_s": wall, "requests": s.requests, "p99_ms": s.latency_ms["p99"], "sample_fraction": s.sample_fraction}


def case_jobs(rate_per_s: float, seed: int) -> dict:
    """One simulated hour of queued jobs (SQS standard, EC2 workers at about 60 % busy, a visibility timeout
    that some jobs outlast, and 1 % poison messages with a DLQ), so redelivery paths run too."""
    sys.path.insert(0, str(REPO))
    from tests.sim.queues_support import EC2, run_jobs

    instances = max(1, math.ceil(rate_per_s * 0.25 / 4 / 0.6))
    store = {"ec2": {**EC2, "instances": min(instances, 10_000)}, "queue": {"visibility_timeout_s": 1, "max_receive_count": 5},
             "job": {"service_time": {"dist": "exponential", "mean_ms": 250}, "poison_share": 0.01}}
    run_jobs(10, store, duration_s=60, seed=seed)  # imports, first calls
    start = time.perf_counter()
    result = run_jobs(rate_per_s, store, duration_s=3600, seed=seed)
    wall = time.perf_counter() - start
    return {"wall_s": wall, "jobs": result.summary.jobs, "p99_ms": result.summary.latency_ms["p99"]}


def _child(name: str, *args) -> dict:
    code = (
        "import json, resource, sys; sys.path.insert(0, %r); import bench_engine as b; "
        "out = b.%s(*%r); out['peak_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
        "print(json.dumps(out))" % (str(Path(__file__).parent), name, tuple(args))
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    c, mean_ms, rho = MMC["servers"], MMC["mean_ms"], MMC["rho"]
    lam = rho * c * 1000 / mean_ms
    expected = _erlang_c_wait_s(lam, 1000 / mean_ms, c)
    print(f"M/M/{c} at rho = {rho}: lambda = {lam:g}/s, Erlang C mean wait {expected * 1000:.3f} ms")
    horizon = 900.0  # the same simulated time for both: every request simulated, so the same accuracy
    seeds = (1, 2)
    simpy_runs = [_child("case_simpy_mmc", horizon, s) for s in seeds]
    engine_runs = [_child("case_engine_mmc", horizon, s) for s in seeds]
    engine_hour = _child("case_engine_mmc", 3600.0, 1)
    rows = []
    for name, runs in (("plain SimPy", simpy_runs), ("engine", engine_runs)):
        rate = sum(r["requests"] for r in runs) / sum(r["wall_s"] for r in runs)
        error = (sum(r["mean_wait_s"] for r in runs) / len(runs)) / expected - 1
        peak = max(r["peak_mb"] for r in runs)
        rows.append((name, rate, error, peak))
        print(f"  {name:12} {rate:>12,.0f} req/s of wall time   mean wait vs Erlang C {error:+.1%} "
              f"({len(runs)} seeds × {horizon:g} s)   peak {peak:.0f} MB")
    hour_rate = engine_hour["requests"] / engine_hour["wall_s"]
    print(f"  {'engine, 1 h':12} {hour_rate:>12,.0f} req/s of wall time   ({engine_hour['requests']:,} requests in "
          f"{engine_hour['wall_s']:.2f} s)   peak {engine_hour['peak_mb']:.0f} MB")
    ratio = rows[1][1] / rows[0][1]
    print(f"  ratio engine / SimPy: {ratio:.0f}x (target >= 30x)")

    print("\nOne simulated hour of a session-store scenario (DynamoDB on-demand, round robin, web tier at ~50 % CPU):")
    session = {}
    for rate in (100, 1000, 100_000):
        r = _child("case_session", "dynamodb-on-demand", float(rate), 1)
        session[rate] = r
        print(f"  {rate:>8,} req/s: {r['wall_s']:.2f} s wall, {r['requests']:,} requests, "
              f"sampled {r['sample_fraction']:.2%}, p99 {r['p99_ms']:.1f} ms, peak {r['peak_mb']:.0f} MB")
    redis = _child("case_session", "redis-r7g-large-multi-az", 1000.0, 1)
    print(f"  Redis Multi-AZ at 1,000 req/s: {redis['wall_s']:.2f} s wall, peak {redis['peak_mb']:.0f} MB")

    print("\nOne simulated hour of queued jobs (SQS standard, EC2 workers, redelivery and a DLQ):")
    jobs = {}
    for rate in (10, 1000, 100_000):
        r = _child("case_jobs", float(rate), 1)
        jobs[rate] = r
        print(f"  {rate:>8,} jobs/s: {r['wall_s']:.2f} s wall, {r['jobs']:,} jobs, p99 {r['p99_ms']:.0f} ms, peak {r['peak_mb']:.0f} MB")

    flat = session[100_000]["wall_s"] / session[100]["wall_s"]
    jobs_flat = jobs[100_000]["wall_s"] / jobs[10]["wall_s"]
    peak = max([r["peak_mb"] for r in (*engine_runs, engine_hour, redis, *session.values(), *jobs.values())])
    checks = [
        (f"engine >= 30x plain SimPy at equal accuracy: {ratio:.0f}x ({hour_rate / rows[0][1]:.0f}x over 1 h)", ratio >= 30),
        (f"1 h at 1,000 req/s under 1 s: {session[1000]['wall_s']:.2f} s", session[1000]["wall_s"] < 1.0),
        (f"1 h at 100,000 req/s within 3x of 100 req/s: {flat:.1f}x", flat <= 3.0),
        (f"1 h of queued jobs at 1,000 jobs/s under 1 s: {jobs[1000]['wall_s']:.2f} s", jobs[1000]["wall_s"] < 1.0),
        (f"1 h of queued jobs at 100,000 jobs/s within 3x of 10 jobs/s: {jobs_flat:.1f}x", jobs_flat <= 3.0),
        (f"engine peak memory under 200 MB (whole process, Python and numpy included): {peak:.0f} MB", peak < 200),
    ]
    print("\ntargets (issue 3):")
    for text, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
