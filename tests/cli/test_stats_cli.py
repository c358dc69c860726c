"""`quizsim stats` and `quizsim export-progress`, run as a learner would, on a real progress database."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from pathlib import Path

import pytest

from quizsim.study.progress import SCHEMA_VERSION, ProgressStore, QuestionRef
from quizsim.study.schedule import Schedule, StudyQuestion
from quizsim.study.stats import summary
from tests.cli.support import run_quizsim


def _q(qid: str, tags: tuple[str, ...]) -> StudyQuestion:
    return StudyQuestion(QuestionRef(qid, "session-state", "Design resilient architectures", tags), ("a",), 40)


@pytest.fixture
def history(_isolated_home: Path) -> Path:
    """Five answers: redis wrong twice and right once, s3 right twice; one flag, one setting."""
    with ProgressStore.open() as store:
        schedule = Schedule(store)
        for qid, tags, chosen in [("q-redis", ("redis",), "b"), ("q-redis", ("redis",), "c"),
                                  ("q-s3", ("s3",), "a"), ("q-redis", ("redis",), "a"), ("q-s3", ("s3",), "a")]:
            schedule.answer(_q(qid, tags), [chosen], time_ms=20_000, mode="practice", session_id="s1")
        store.set_flag("q-redis")
        store.set_setting("theme", "nord")
        return store.path


def test_stats_on_a_new_home_says_no_answers_yet_and_creates_nothing(_isolated_home: Path) -> None:
    run = run_quizsim("stats")
    assert run.status == 0 and "no answers yet" in run.stdout
    assert not (_isolated_home / "progress.db").exists()
    as_json = run_quizsim("stats", "--json")
    assert as_json.status == 0 and json.loads(as_json.stdout)["answers"] == 0
    assert "no answers yet" in as_json.stderr


def test_stats_shows_totals_and_the_weakest_topic_first(history: Path) -> None:
    run = run_quizsim("stats")
    assert run.status == 0, run.stderr
    assert "answers    5 (60 % right) on 1 day, 2 questions" in run.stdout
    topics = run.stdout.split("weakest topics first")[1].splitlines()
    assert topics[2].split()[:3] == ["redis", "3", "33"]
    assert topics[3].split()[:3] == ["s3", "2", "100"]


def test_stats_json_is_the_summary(history: Path) -> None:
    run = run_quizsim("stats", "--json")
    with ProgressStore.open(history) as store:
        expected = summary(store).to_dict()
    data = json.loads(run.stdout)
    assert data == expected and data["answers"] == 5 and data["topics"][0]["tag"] == "redis"


def test_export_csv_on_stdout_has_every_answer(history: Path) -> None:
    run = run_quizsim("export-progress")
    assert run.status == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["question_id"], r["chosen"], r["correct"]) for r in rows] == [
        ("q-redis", "b", "0"), ("q-redis", "c", "0"), ("q-s3", "a", "1"), ("q-redis", "a", "1"), ("q-s3", "a", "1")]
    assert {r["mode"] for r in rows} == {"practice"} and rows[0]["answered_at"].endswith("Z")


def test_export_json_to_a_file_holds_answers_schedule_flags_and_settings(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "progress.json"
    target.parent.mkdir()
    target.write_text("an older export")
    run = run_quizsim("export-progress", "--format", "json", "-o", target)
    assert run.status == 0 and run.stdout == "" and f"wrote 5 answers to {target}" in run.stderr
    data = json.loads(target.read_text())
    assert data["schema_version"] == SCHEMA_VERSION and len(data["answers"]) == 5
    assert {c["question_id"] for c in data["cards"]} == {"q-redis", "q-s3"}
    assert data["flags"] == ["q-redis"] and data["settings"] == {"theme": "nord"}
    assert [p.name for p in target.parent.iterdir()] == ["progress.json"]  # no temporary file left


def test_export_of_an_empty_home_is_a_header_and_a_note(_isolated_home: Path) -> None:
    run = run_quizsim("export-progress")
    assert run.status == 0 and run.stdout.splitlines() == [
        "id,answered_at,day,question_id,pack,chosen,correct,fraction,time_ms,mode,session_id"]
    assert "no answers yet" in run.stderr
    empty_json = json.loads(run_quizsim("export-progress", "--format", "json").stdout)
    assert empty_json["answers"] == [] and empty_json["cards"] == []


def test_export_to_a_folder_that_does_not_exist_is_a_clear_error(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "x.csv"
    run = run_quizsim("export-progress", "-o", target)
    assert run.status == 1 and f"error: cannot write {target}" in run.stderr
    assert not target.parent.exists()


def test_a_newer_database_is_refused_and_left_alone(history: Path) -> None:
    conn = sqlite3.connect(history)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = hashlib.sha256(history.read_bytes()).hexdigest()
    for command in (["stats"], ["export-progress"]):
        run = run_quizsim(*command)
        assert run.status == 1 and "newer quizsim" in run.stderr and str(history) in run.stderr
    assert hashlib.sha256(history.read_bytes()).hexdigest() == before


def test_a_damaged_database_is_reported_and_stats_carry_on(history: Path) -> None:
    history.write_bytes(b"not sqlite at all" * 100)
    run = run_quizsim("stats")
    assert run.status == 0 and "no answers yet" in run.stdout
    assert "note: your progress database was damaged; the old one was moved to" in run.stderr
