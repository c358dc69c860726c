"""`quizsim check` (and `quizsim validate --simulate`): the simulation confirms, or contradicts, each answer key."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.support import line_of, run_quizsim

# Queues that simulate in well under a second: 2 minutes at 100 requests/s, 10 ms each.
PACK = """\
scenarios:
  - id: chk-queue
    title: A small queue
    duration_s: 120
    workload:
      arrival: {rate_per_s: 100}
    store: {kind: queue, servers: 2, service_time: {dist: exponential, mean_ms: 10}}
questions:
  - id: chk-servers
    stem: A queue serves 100 requests/s, 10 ms each. Which server count gives the LOWEST p99 latency?
    scenario: chk-queue
    judge: {metric: p99_latency_ms}
    options:
      - id: a
        text: Two servers
        why: Half busy.
        simulate: {set: {store.servers: 2}}
      - id: b
        text: Six servers
        KEY_B
        why: Lightly loaded.
        simulate: {set: {store.servers: 6}}
    explanation: Waiting falls as utilisation drops.
  - id: chk-nothing-to-run
    stem: Which option has nothing to simulate?
    scenario: chk-queue
    judge: {metric: p99_latency_ms}
    options:
      - {id: a, text: This one, correct: true, why: It is right.}
      - {id: b, text: That one, why: It is wrong.}
    explanation: Nothing to race.
"""


def write_pack(root: Path, key_on_fast_option: bool) -> Path:
    """The key marks six servers (right) or, wrongly, two servers as the lowest p99."""
    text = PACK.replace("        KEY_B\n", "        correct: true\n" if key_on_fast_option else "")
    if not key_on_fast_option:
        text = text.replace("        text: Two servers\n", "        text: Two servers\n        correct: true\n")
    folder = root / "pack"
    folder.mkdir()
    (folder / "questions.yaml").write_text(text)
    return folder


def test_a_key_the_simulation_contradicts_fails_naming_question_and_line(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, key_on_fast_option=False)
    file = folder / "questions.yaml"
    done = run_quizsim("check", folder, "--no-progress", cwd=tmp_path)
    assert done.status == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    key_line = line_of(file.read_text(), "correct: true")  # two servers' `correct: true`
    error = next(line for line in lines if "chk-servers" in line)
    assert error.startswith(f"pack/questions.yaml:{key_line}:"), error
    assert ": error: question 'chk-servers': the simulation picks b, the answer key says a" in error
    assert "correct option 'a'" in error and "does not beat option 'b'" in error and "on p99 latency" in error and "p99_latency_ms" not in error and " ms" in error
    assert lines[-1] == "FAILED: 1 of 1 question disagrees with the simulation; 1 not checked (see the notes)"
    note = next(line for line in lines if "chk-nothing-to-run" in line)
    assert ": note: question 'chk-nothing-to-run': no option has a simulate block" in note


def test_a_key_the_simulation_confirms_passes(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, key_on_fast_option=True)
    done = run_quizsim("check", folder, "--no-progress", cwd=tmp_path)
    assert done.status == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "ok: 1 question confirmed by simulation; 1 not checked (see the notes)"
    assert "error:" not in done.stdout


def test_validate_simulate_is_the_same_check(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, key_on_fast_option=False)
    done = run_quizsim("validate", "--simulate", folder, cwd=tmp_path)
    assert done.status == 1
    assert done.stdout.splitlines()[-1].startswith("FAILED: 1 of 1 question disagrees with the simulation")
    plain = run_quizsim("validate", folder, cwd=tmp_path)
    assert plain.status == 0  # without --simulate the file is valid: only the simulation contradicts the key


def test_json_for_scripts(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, key_on_fast_option=False)
    done = run_quizsim("check", folder, "--json", cwd=tmp_path)
    assert done.status == 1 and done.stderr == ""
    data = json.loads(done.stdout)
    assert (data["ok"], data["checked"], data["confirmed"], data["failed"], data["not_checked"]) == (False, 1, 0, 1, 1)
    by_id = {q["id"]: q for q in data["questions"]}
    servers = by_id["chk-servers"]
    assert servers["status"] == "disagrees" and servers["answer_key"] == ["a"] and servers["simulation"] == ["b"]
    assert servers["line"] == line_of((folder / "questions.yaml").read_text(), "correct: true")
    assert by_id["chk-nothing-to-run"]["status"] == "not-checked"


def test_content_problems_fail_the_check_as_validate_reports_them(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, key_on_fast_option=True)
    file = folder / "questions.yaml"
    file.write_text(file.read_text().replace("simulate: {set: {store.servers: 2}}", "simulate: {set: {store.servers: -3}}"))
    done = run_quizsim("check", folder, "--no-progress", cwd=tmp_path)
    assert done.status == 1
    error = next(line for line in done.stdout.splitlines() if "chk-servers" in line)
    assert error.startswith(f"pack/questions.yaml:{line_of(file.read_text(), 'servers: -3')}:"), error
    assert ": error: question 'chk-servers' option 'a': store: field 'servers': must be at least 1" in error
    assert done.stdout.splitlines()[-1].endswith("; 1 content problem")


def test_usage_errors_exit_2_and_help_describes_it(tmp_path: Path) -> None:
    bad = run_quizsim("check", "--seed", "-1", cwd=tmp_path)
    assert bad.status == 2 and "negative" in bad.stderr
    unknown = run_quizsim("check", "--frobnicate", cwd=tmp_path)
    assert unknown.status == 2
    no_jobs = run_quizsim("check", "--jobs", "0", cwd=tmp_path)
    assert no_jobs.status == 2 and "at least 1 job" in no_jobs.stderr
    helped = run_quizsim("check", "--help", cwd=tmp_path)
    assert helped.status == 0 and "answer key" in helped.stdout and "Exit status" in helped.stdout
    top = run_quizsim("--help", cwd=tmp_path)
    assert "check" in top.stdout


def test_worker_processes_give_the_same_answers(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, key_on_fast_option=False)
    file = folder / "questions.yaml"
    confirmed = PACK.split("questions:\n", 1)[1].split("  - id: chk-nothing-to-run")[0]
    confirmed = confirmed.replace("id: chk-servers", "id: chk-servers-again").replace("        KEY_B\n", "        correct: true\n")
    file.write_text(file.read_text() + confirmed)
    one = run_quizsim("check", folder, "--json", "--jobs", "1", cwd=tmp_path)
    two = run_quizsim("check", folder, "--json", "--jobs", "2", cwd=tmp_path)
    assert one.status == two.status == 1
    assert json.loads(one.stdout) == json.loads(two.stdout)
    by_id = {q["id"]: q["status"] for q in json.loads(two.stdout)["questions"]}
    assert by_id == {"chk-servers": "disagrees", "chk-nothing-to-run": "not-checked", "chk-servers-again": "confirmed"}
