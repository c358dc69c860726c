"""`quizsim sim` as a user runs it: tables, JSON, questions side by side, and clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.support import run_quizsim

REPO = Path(__file__).resolve().parents[2]


def sim_in_process(capsys, *args: str) -> tuple[int, str, str]:
    """`quizsim sim ARGS` in this process (quicker than a child process for many small cases)."""
    from quizsim.cli.main import main

    capsys.readouterr()
    status = main(["sim", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def test_scenario_file_with_only_a_queue_runs_on_its_own(tmp_path: Path) -> None:
    file = tmp_path / "mm1.yaml"
    file.write_text(
        "id: mm1-demo\nduration_s: 600\nworkload:\n  arrival: {rate_per_s: 80}\n"
        "store:\n  kind: queue\n  servers: 1\n  service_time: {dist: exponential, mean_ms: 10}\n"
    )
    done = run_quizsim("sim", file, "--json", "--seed", "5")
    assert done.status == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["scenario"] == "mm1-demo" and data["seed"] == 5 and data["store"]["kind"] == "queue"
    assert data["summary"]["errors"]["total"] == 0 and data["summary"]["requests"] > 40_000
    # M/M/1 at ρ = 0.8: mean wait ρ/(μ − λ) = 40 ms
    assert 30 < data["summary"]["wait_ms"]["mean"] < 50
    table = run_quizsim("sim", file)
    assert table.status == 0 and "p99" in table.stdout and "mm1-demo" in table.stdout


def test_scenario_id_with_set_and_seed_is_deterministic(capsys) -> None:
    args = ("mmc-demo", "--json", "--seed", "9", "--set", "duration_s=600", "--set", "workload.phases=[]")
    first, second = sim_in_process(capsys, *args), sim_in_process(capsys, *args)
    assert first[0] == 0, first[2]
    assert first[1] == second[1]
    data = json.loads(first[1])
    assert data["summary"]["duration_s"] == 600 and data["events"] == []


def test_question_runs_every_option_side_by_side_and_marks_winners() -> None:
    done = run_quizsim("sim", "ss-in-memory-store", "--json")
    assert done.status == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["question"] == "ss-in-memory-store"
    assert data["judge"] == {"metric": "store_p99_latency_ms", "goal": "min"}
    assert len(data["runs"]) == 4
    winners = [r["option"] for r in data["runs"] if r["winner"]]
    correct = [r["option"] for r in data["runs"] if r["correct"]]
    assert winners == correct
    for run in data["runs"]:  # the judged value is the store's p99, reported per run and per window
        assert run["judge_value"] == run["summary"]["store_latency_ms"]["p99"]
        assert set(run["windows"][0]["store_latency_ms"]) == {"p50", "p99"}
    table = run_quizsim("sim", "ss-in-memory-store")
    assert "agrees with the answer key" in table.stdout and "best" in table.stdout
    header = next(line for line in table.stdout.splitlines() if "option" in line and "key" in line)
    assert "★ store p99" in header and " p99 " in header  # the judged metric first, starred
    redis = next(line for line in table.stdout.splitlines() if "redis-r7g-large-multi-az" in line)
    assert " 1.3 ms " in redis  # the store's p99 beside the request's (about 25 ms)


def test_question_with_one_option(capsys) -> None:
    status, out, err = sim_in_process(capsys, "ss-in-memory-store", "--option", "b", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["option"] == "b" and data["scenario"] and "summary" in data  # one run, not a list
    status, out, err = sim_in_process(capsys, "ss-in-memory-store", "--option", "z")
    assert status == 2 and "no option 'z'" in err


def test_bad_input_names_the_field_and_exits_without_a_traceback(capsys) -> None:
    cases = {
        ("--set", "workload.arrival.rate_per_s=0"): "workload.arrival.rate_per_s",
        ("--set", "workload.arrival.rate_per_s=-5"): "workload.arrival.rate_per_s",
        ("--set", "workload.arrival.rate_per_s=20000000"): "rate_per_s",
        ("--set", "duration_s=3000000"): "duration_s",
        ("--set", "workload.arival.rate_per_s=5"): "arival",
        ("--set", "store.kind=redis-cluster"): "kind",
        ("--set", "nonsense"): "KEY=VALUE",
    }
    for extra, field in cases.items():
        status, out, err = sim_in_process(capsys, "mmc-demo", *extra)
        assert status == 2, (extra, out, err)
        assert field in err, (extra, err)
        assert out == ""
    done = run_quizsim("sim", "mmc-demo", "--set", "duration_s=0")  # and as a real command: no traceback
    assert done.status == 2 and "duration_s" in done.stderr


def test_p99_below_p50_names_the_field() -> None:
    done = run_quizsim("sim", "ss-in-memory-store", "--option", "b", "--set", "store.latency.p99_ms=0.1")
    assert done.status == 2 and "p99_ms" in done.stderr and "median" in done.stderr


def test_unknown_target_suggests_a_close_id() -> None:
    done = run_quizsim("sim", "mmc-dem")
    assert done.status == 2 and "mmc-demo" in done.stderr


def test_unknown_store_kind_in_a_file(tmp_path: Path) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text("id: bad-kind\nworkload:\n  arrival: {rate_per_s: 10}\nstore: {kind: redis-cluster, servers: 1}\n")
    done = run_quizsim("sim", file)
    assert done.status in (1, 2)
    assert "kind" in done.stderr and "redis-cluster" in done.stderr


def test_overloaded_queue_stops_and_says_it_grew_without_bound(capsys) -> None:
    status, out, err = sim_in_process(capsys, "mmc-demo", "--json", "--set", "workload.arrival.rate_per_s=2000")
    assert status == 0, err
    data = json.loads(out)
    assert data["summary"]["unstable"] is True
    assert data["summary"]["duration_s"] < 3600
    assert any("grew without bound" in e["text"] for e in data["events"])
    at_capacity = json.loads(sim_in_process(capsys, "mmc-demo", "--json", "--set", "workload.arrival.rate_per_s=1000",
                                            "--set", "workload.phases=[]", "--set", "duration_s=300")[1])
    assert at_capacity["summary"]["unstable"] is True
    assert any("grows without bound" in e["text"] for e in at_capacity["events"])


def test_the_largest_inputs_finish(tmp_path: Path) -> None:
    """10 million requests/s for 31 days: the run is bounded by sampling, not by the request count."""
    done = run_quizsim("sim", "steady-shop", "--json", "--set", "workload.arrival.rate_per_s=10000000",
                       "--set", f"duration_s={31 * 24 * 3600}")
    assert done.status == 0, done.stderr
    summary = json.loads(done.stdout)["summary"]
    assert summary["requests"] > 2.6e13 and summary["sample_fraction"] < 1e-6


def test_a_negative_seed_is_a_usage_error_not_a_traceback() -> None:
    for args in (("--seed", "-1"), ("--set", "seed=-1")):
        done = run_quizsim("sim", "cache-node-fails", *args)
        assert done.status == 2 and "Traceback" not in done.stderr
        assert "negative" in done.stderr
