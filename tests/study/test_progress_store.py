"""The progress store keeps every answer: across reopening, a SIGKILL, a damaged file and two processes."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizsim.study.progress import (
    SCHEMA_VERSION,
    NewerSchemaError,
    ProgressStore,
    QuestionRef,
    default_path,
)

Q1 = QuestionRef("q-one", "pack-a", "Design resilient architectures", ("dynamodb", "sessions"))
Q2 = QuestionRef("q-two", "pack-a", "Design cost-optimized architectures", ("s3",))


def _fill(path: Path, answers: int = 80) -> None:
    with ProgressStore.open(path) as store:
        for i in range(answers):
            store.record_answer(Q1 if i % 2 else Q2, ["a"], correct=bool(i % 3), time_ms=1000 + i, mode="practice")


def test_the_database_lives_in_quizsim_home(_isolated_home: Path) -> None:
    with ProgressStore.open() as store:
        assert store.path == _isolated_home / "progress.db" == default_path()
        assert store.path.exists()


def test_an_answer_is_stored_with_everything_a_learner_gave(tmp_path: Path) -> None:
    at = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    with ProgressStore.open(tmp_path / "p.db") as store:
        answer_id = store.record_answer(Q1, ["b", "d"], correct=False, fraction=0.5, time_ms=41_250, mode="exam",
                                        session_id="s-1", at=at)
    with ProgressStore.open(tmp_path / "p.db") as again:
        [row] = again.answers()
    assert (row.id, row.question_id, row.pack, row.chosen) == (answer_id, "q-one", "pack-a", ("b", "d"))
    assert (row.correct, row.fraction, row.time_ms, row.mode, row.session_id) == (False, 0.5, 41_250, "exam", "s-1")
    assert row.answered_at == at


def test_a_mode_outside_practice_review_exam_is_refused(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.db") as store, pytest.raises(ValueError, match="practice, review, exam"):
        store.record_answer(Q1, ["a"], correct=True, time_ms=1, mode="quiz")


def test_wrong_only_lists_questions_whose_latest_answer_was_wrong(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.db") as store:
        store.record_answer(Q1, ["a"], correct=False, time_ms=1, mode="practice")
        store.record_answer(Q2, ["a"], correct=False, time_ms=1, mode="practice")
        store.record_answer(Q1, ["b"], correct=True, time_ms=1, mode="review")  # fixed since
        assert store.wrong_question_ids() == ["q-two"]
        assert store.wrong_question_ids(tag="s3") == ["q-two"]
        assert store.wrong_question_ids(tag="dynamodb") == []


def test_settings_and_flags_survive_reopening(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.db") as store:
        store.set_setting("theme", "textual-light")
        store.set_setting("playback_speed", 4.0)
        store.set_setting("theme", "nord")
        store.set_flag("q-two", pack="pack-a")
        store.set_flag("q-one")
        store.set_flag("q-one", False)
    with ProgressStore.open(tmp_path / "p.db") as store:
        assert store.settings() == {"playback_speed": 4.0, "theme": "nord"}
        assert store.get_setting("missing", "default") == "default"
        assert store.flagged_ids() == ["q-two"]
        assert store.is_flagged("q-two") and not store.is_flagged("q-one")


def test_a_new_database_is_at_the_current_schema_version_in_wal_mode(tmp_path: Path) -> None:
    ProgressStore.open(tmp_path / "p.db").close()
    conn = sqlite3.connect(tmp_path / "p.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"answers", "cards", "settings", "flags", "exams", "exam_items"} <= tables


def test_an_empty_file_is_migrated_not_treated_as_damage(tmp_path: Path) -> None:
    (tmp_path / "p.db").write_bytes(b"")
    with ProgressStore.open(tmp_path / "p.db") as store:
        assert store.notice is None and store.answer_count() == 0
    assert [p.name for p in tmp_path.iterdir() if "corrupt" in p.name] == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "overwritten-pages"])
def test_a_damaged_database_is_moved_aside_and_a_new_one_made(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "progress.db"
    _fill(path)
    data = path.read_bytes()
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'answers'").fetchone()[0]
    conn.close()
    page = 4096
    broken = {
        "garbage": b"this is not a database" * 50,
        "truncated": data[: len(data) // 2],
        "overwritten-pages": data[: (root - 1) * page] + b"\xff" * page + data[root * page:],  # the answers' root
    }[damage]
    path.write_bytes(broken)

    with ProgressStore.open(path) as store:
        # Garbage and truncation are caught on opening; damage deeper in the file when a read meets it.
        assert store.answers() == []
        moved = store.moved_to
        assert moved is not None and moved.name.startswith("progress.db.corrupt-")
        message = (f"your progress database was damaged; the old one was moved to {moved} and a new one was made")
        assert store.notice == message
        assert store.take_notice() == message and store.take_notice() is None  # shown once
        store.record_answer(Q1, ["a"], correct=True, time_ms=5, mode="practice")
    assert moved.read_bytes() == broken  # kept as it was, for whoever wants to rescue it
    with ProgressStore.open(path) as again:
        assert again.notice is None and again.answer_count() == 1


def test_damage_found_while_writing_still_saves_the_answer(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    _fill(path)
    with ProgressStore.open(path) as store:
        data = path.read_bytes()
        path.write_bytes(data[:4096] + b"\xff" * (len(data) - 4096))  # every page after the first, under its feet
        store.record_answer(Q2, ["c"], correct=False, time_ms=7, mode="review")
        assert store.moved_to is not None and store.take_notice()
        assert [(a.question_id, a.chosen) for a in store.answers()] == [("q-two", ("c",))]


def test_the_damaged_databases_wal_goes_with_it(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(b"x" * 4096)
    (tmp_path / "progress.db-wal").write_bytes(b"old wal")
    with ProgressStore.open(path) as store:
        moved = store.moved_to
    assert (tmp_path / f"{moved.name}-wal").read_bytes() == b"old wal"


def test_a_database_from_a_newer_quizsim_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    _fill(path, answers=5)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    with pytest.raises(NewerSchemaError) as refused:
        ProgressStore.open(path)
    message = str(refused.value)
    assert "newer quizsim" in message and f"version {SCHEMA_VERSION + 1}" in message and "untouched" in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.db"]


_WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from quizsim.study.progress import ProgressStore, QuestionRef
    path, count, tag = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    store = ProgressStore.open(path)
    for i in range(count):
        q = QuestionRef(f"{tag}-{i % 7}", "pack", "", (tag,))
        answer_id = store.record_answer(q, ["a"], correct=i % 2 == 0, time_ms=i, mode="practice", session_id=tag)
        print(answer_id, flush=True)  # shown as submitted only after the commit returned
""")


def test_sigkill_loses_no_answer_that_was_reported_submitted(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    ProgressStore.open(path).close()
    child = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), "1000000", "killed"],
                             stdout=subprocess.PIPE, text=True)
    reported = []
    try:
        while len(reported) < 150:
            line = child.stdout.readline()
            assert line, "the writer stopped before it was killed"
            reported.append(int(line))
        child.send_signal(signal.SIGKILL)  # in the middle of the next write
    finally:
        child.kill()
        child.wait(timeout=60)
        reported += [int(x) for x in child.stdout.read().split()]
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with ProgressStore.open(path) as store:
        assert store.notice is None
        stored = {row.id for row in store.answers()}
    assert set(reported) <= stored
    assert len(stored) >= len(reported)


def test_two_processes_writing_at_once_keep_the_database_whole(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"  # not created first: both processes race to make and migrate it
    children = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), "500", tag],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                for tag in ("left", "right")]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT session_id, count(*) FROM answers GROUP BY session_id ORDER BY 1").fetchall() == [
        ("left", 500), ("right", 500)]


def test_a_version_1_database_is_migrated_and_its_history_folded_into_the_totals(tmp_path: Path) -> None:
    from quizsim.study.progress.opening import _statements
    from quizsim.study.progress.schema import MIGRATIONS
    from quizsim.study.stats import summary

    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO questions (question_id, pack, domain) VALUES ('q-one', 'pack-a', '')")
    conn.executemany("INSERT INTO question_tags VALUES ('q-one', ?)", [("dynamodb",), ("sessions",)])
    conn.executemany(
        "INSERT INTO answers (question_id, pack, chosen, correct, fraction, time_ms, mode, answered_at_ms, day)"
        " VALUES ('q-one', 'pack-a', '[\"a\"]', ?, ?, 1000, 'practice', ?, ?)",
        [(1, 1.0, 1_780_000_000_000, "2026-05-28"), (0, 0.0, 1_780_100_000_000, "2026-05-30")],
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    with ProgressStore.open(path) as store:
        assert store.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert store.wrong_question_ids() == ["q-one"]
        store.record_answer(Q1, ["a"], correct=True, time_ms=1, mode="review",
                            at=datetime(2026, 5, 30, 12, tzinfo=UTC))
        stats = summary(store, topic_days=None)
    assert [(d.day, d.answers, d.right) for d in stats.per_day] == [("2026-05-28", 1, 1), ("2026-05-30", 2, 1)]
    assert [(d.day, d.answers) for d in stats.topic_days["dynamodb"]] == [("2026-05-28", 1), ("2026-05-30", 2)]
    assert stats.wrong_now == 0


def test_threads_of_one_process_share_a_store(tmp_path: Path) -> None:
    """The app records from worker threads; one store serialises them."""
    import threading

    with ProgressStore.open(tmp_path / "p.db") as store:
        def write(tag: str) -> None:
            for i in range(100):
                store.record_answer(QuestionRef(f"{tag}-{i % 5}", "pack", "", (tag,)), ["a"], correct=True,
                                    time_ms=i, mode="practice", session_id=tag)

        threads = [threading.Thread(target=write, args=(tag,)) for tag in ("t1", "t2", "t3")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert store.query("SELECT session_id, count(*) FROM answers GROUP BY 1 ORDER BY 1") == [
            ("t1", 100), ("t2", 100), ("t3", 100)]
        assert store.query("PRAGMA integrity_check") == [("ok",)]
