"""The learner's progress: answers, spaced-repetition cards, settings, flags and exams, in one SQLite file.

Every write is one short `BEGIN IMMEDIATE` transaction committed before the method returns, so an answer the
caller has shown as submitted survives the process being killed, and two quizsim processes take turns.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from quizsim.study.progress.opening import (
    DB_NAME,
    ProgressError,
    damaged_message,
    is_damage,
    move_aside,
    open_database,
)
from quizsim.study.progress.records import MODES, AnswerRow, CardUpdate, QuestionRef, to_ms, utc_day, utc_now

Clock = Callable[[], datetime]


def default_path() -> Path:
    """progress.db in the learner's data folder (`$QUIZSIM_HOME` when set)."""
    from quizsim.paths import user_data_dir

    return user_data_dir() / DB_NAME


class ProgressStore:
    """One connection to the progress database; safe to share between the threads of one process."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock, moved_to: Path | None) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.clock = clock
        self.moved_to = moved_to
        """Where a damaged database was moved (when opened, or found damaged later), else None."""
        self._notice_pending = moved_to is not None

    @classmethod
    def open(cls, path: Path | None = None, *, clock: Clock = utc_now) -> ProgressStore:
        """Open (or create) the database; a damaged one is moved aside (see `notice`), a newer one refused."""
        path = path or default_path()
        conn, moved_to = open_database(path)
        return cls(conn, path, clock, moved_to)

    @classmethod
    def open_existing(cls, path: Path | None = None, *, clock: Clock = utc_now) -> ProgressStore | None:
        """Open the database only if it exists (for read-only commands, which should not create one)."""
        path = path or default_path()
        return cls.open(path, clock=clock) if path.exists() else None

    @property
    def notice(self) -> str | None:
        """A message to show the learner after opening, e.g. that a damaged database was moved aside."""
        return damaged_message(self.moved_to) if self.moved_to else None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------------------------

    def _transaction(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run `work` in one BEGIN IMMEDIATE transaction and commit; on damage, recover and run it once more."""
        with self._lock:
            try:
                return self._in_transaction(work)
            except sqlite3.DatabaseError as exc:
                if not is_damage(exc):
                    raise ProgressError(f"cannot write the progress database {self.path}: {exc}") from exc
                self._recover()
                return self._in_transaction(work)

    def _in_transaction(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(self._conn)
            self._conn.execute("COMMIT")
            return result
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple]:
        """Rows of a read-only query (for the stats and schedule modules)."""
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                if not is_damage(exc):
                    raise ProgressError(f"cannot read the progress database {self.path}: {exc}") from exc
                self._recover()
                return self._conn.execute(sql, params).fetchall()

    def _recover(self) -> None:
        """Damage found while in use: move the file aside and carry on with a new one (see `notice`)."""
        try:
            self._conn.close()
        except sqlite3.Error:
            pass
        self.moved_to = move_aside(self.path)
        self._conn, _ = open_database(self.path)
        self._notice_pending = True

    def take_notice(self) -> str | None:
        """The damage notice once (None if nothing new happened since the last call, or since opening)."""
        if not self._notice_pending:
            return None
        self._notice_pending = False
        return self.notice

    def now_ms(self) -> int:
        return to_ms(self.clock())

    @staticmethod
    def _remember_question(conn: sqlite3.Connection, question: QuestionRef) -> None:
        conn.execute(
            "INSERT INTO questions (question_id, pack, domain) VALUES (?, ?, ?) "
            "ON CONFLICT (question_id) DO UPDATE SET pack = excluded.pack, domain = excluded.domain",
            (question.id, question.pack, question.domain),
        )
        conn.execute("DELETE FROM question_tags WHERE question_id = ?", (question.id,))
        conn.executemany(
            "INSERT OR IGNORE INTO question_tags (question_id, tag) VALUES (?, ?)",
            [(question.id, tag) for tag in question.tags],
        )

    # -- answers --------------------------------------------------------------------------------------------

    def record_answer(
        self,
        question: QuestionRef,
        chosen: Sequence[str],
        *,
        correct: bool,
        fraction: float | None = None,
        time_ms: int,
        mode: str,
        session_id: str = "",
        at: datetime | None = None,
        card: CardUpdate | None = None,
    ) -> int:
        """Store one answer (and the question's new card) and commit; returns the answer's id."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        fraction = (1.0 if correct else 0.0) if fraction is None else min(1.0, max(0.0, float(fraction)))
        answered_at_ms = to_ms(at) if at is not None else self.now_ms()
        def work(conn: sqlite3.Connection) -> Any:
            self._remember_question(conn, question)
            cursor = conn.execute(
                "INSERT INTO answers (question_id, pack, chosen, correct, fraction, time_ms, mode, answered_at_ms,"
                " day, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (question.id, question.pack, json.dumps(list(chosen)), int(bool(correct)), fraction,
                 max(0, int(time_ms)), mode, answered_at_ms, utc_day(answered_at_ms), session_id),
            )
            if card is not None:
                self._put_card(conn, question, card)
            return int(cursor.lastrowid)
        return self._transaction(work)

    def answers(self, question_id: str | None = None) -> list[AnswerRow]:
        """Stored answers, oldest first (of one question, or all)."""
        where, params = ("WHERE question_id = ?", (question_id,)) if question_id else ("", ())
        rows = self.query(
            "SELECT id, question_id, pack, chosen, correct, fraction, time_ms, mode, answered_at_ms, session_id "
            f"FROM answers {where} ORDER BY answered_at_ms, id", params,
        )
        return [_answer_row(r) for r in rows]

    def iter_answers(self, batch: int = 2000) -> Iterator[AnswerRow]:
        """Every answer in id order, fetched in batches (exports of a long history stay small in memory)."""
        last = 0
        while True:
            rows = self.query(
                "SELECT id, question_id, pack, chosen, correct, fraction, time_ms, mode, answered_at_ms, session_id "
                "FROM answers WHERE id > ? ORDER BY id LIMIT ?", (last, batch),
            )
            if not rows:
                return
            for row in rows:
                yield _answer_row(row)
            last = rows[-1][0]

    def answer_count(self) -> int:
        return self.query("SELECT count(*) FROM answers")[0][0]

    def last_answer(self, question_id: str) -> AnswerRow | None:
        rows = self.query(
            "SELECT id, question_id, pack, chosen, correct, fraction, time_ms, mode, answered_at_ms, session_id "
            "FROM answers WHERE question_id = ? ORDER BY answered_at_ms DESC, id DESC LIMIT 1", (question_id,),
        )
        return _answer_row(rows[0]) if rows else None

    def wrong_question_ids(self, *, pack: str | None = None, tag: str | None = None) -> list[str]:
        """Questions whose latest answer was wrong, most recently missed first."""
        rows = self.query(
            """
            SELECT q.question_id FROM questions q
            WHERE q.last_correct = 0
              AND (:pack IS NULL OR q.pack = :pack)
              AND (:tag IS NULL OR EXISTS (SELECT 1 FROM question_tags t
                                           WHERE t.question_id = q.question_id AND t.tag = :tag))
            ORDER BY q.last_answer_id DESC
            """,
            {"pack": pack, "tag": tag},
        )
        return [r[0] for r in rows]

    # -- spaced-repetition cards ----------------------------------------------------------------------------

    @staticmethod
    def _put_card(conn: sqlite3.Connection, question: QuestionRef, card: CardUpdate) -> None:
        conn.execute(
            "INSERT INTO cards (question_id, pack, card, state, due_ms, last_review_ms) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (question_id) DO UPDATE SET pack = excluded.pack, card = excluded.card, "
            "state = excluded.state, due_ms = excluded.due_ms, last_review_ms = excluded.last_review_ms",
            (question.id, question.pack, card.card_json, card.state, card.due_ms, card.last_review_ms),
        )

    def card_json(self, question_id: str) -> str | None:
        rows = self.query("SELECT card FROM cards WHERE question_id = ?", (question_id,))
        return rows[0][0] if rows else None

    # -- settings -------------------------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        rows = self.query("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: Any) -> None:
        """Remember a JSON-serialisable value (theme, playback speed, ...)."""
        encoded = json.dumps(value)
        def work(conn: sqlite3.Connection) -> Any:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, encoded),
            )
        return self._transaction(work)

    def settings(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self.query("SELECT key, value FROM settings ORDER BY key")}

    # -- flags ----------------------------------------------------------------------------------------------

    def set_flag(self, question_id: str, flagged: bool = True, *, pack: str = "") -> None:
        """Flag a question for later (or clear the flag)."""
        def work(conn: sqlite3.Connection) -> Any:
            if flagged:
                conn.execute(
                    "INSERT OR IGNORE INTO flags (question_id, pack, flagged_at_ms) VALUES (?, ?, ?)",
                    (question_id, pack, self.now_ms()),
                )
            else:
                conn.execute("DELETE FROM flags WHERE question_id = ?", (question_id,))
        return self._transaction(work)

    def is_flagged(self, question_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM flags WHERE question_id = ?", (question_id,)))

    def flagged_ids(self) -> list[str]:
        """Flagged questions, oldest flag first."""
        return [r[0] for r in self.query("SELECT question_id FROM flags ORDER BY flagged_at_ms, question_id")]

    # -- exams ----------------------------------------------------------------------------------------------

    def create_exam(self, exam_id: str, spec: dict[str, Any], question_ids: Sequence[str]) -> None:
        def work(conn: sqlite3.Connection) -> Any:
            conn.execute(
                "INSERT INTO exams (id, created_at_ms, spec) VALUES (?, ?, ?)",
                (exam_id, self.now_ms(), json.dumps(spec)),
            )
            conn.executemany(
                "INSERT INTO exam_items (exam_id, position, question_id) VALUES (?, ?, ?)",
                [(exam_id, i, qid) for i, qid in enumerate(question_ids)],
            )
        return self._transaction(work)

    def save_exam_progress(
        self, exam_id: str, *, elapsed_ms: int, position: int,
        item: tuple[int, tuple[str, ...] | None, bool, int] | None = None,
        times_ms: dict[int, int] | None = None,
    ) -> None:
        """Commit the exam clock and cursor, and optionally one item (position, chosen, flagged, time_ms)."""
        def work(conn: sqlite3.Connection) -> Any:
            conn.execute(
                "UPDATE exams SET elapsed_ms = ?, position = ? WHERE id = ?", (int(elapsed_ms), position, exam_id)
            )
            if item is not None:
                pos, chosen, flagged, time_ms = item
                conn.execute(
                    "UPDATE exam_items SET chosen = ?, flagged = ?, time_ms = ? WHERE exam_id = ? AND position = ?",
                    (None if chosen is None else json.dumps(list(chosen)), int(flagged), int(time_ms), exam_id, pos),
                )
            for pos, time_ms in (times_ms or {}).items():
                conn.execute(
                    "UPDATE exam_items SET time_ms = ? WHERE exam_id = ? AND position = ?", (int(time_ms), exam_id, pos)
                )
        return self._transaction(work)

    def load_exam(self, exam_id: str) -> dict[str, Any] | None:
        """The stored exam: spec, clock, cursor, finished flag and items in order; None if unknown."""
        rows = self.query(
            "SELECT id, created_at_ms, spec, elapsed_ms, position, finished_at_ms, timed_out FROM exams WHERE id = ?",
            (exam_id,),
        )
        if not rows:
            return None
        _, created, spec, elapsed, position, finished, timed_out = rows[0]
        items = self.query(
            "SELECT position, question_id, chosen, flagged, time_ms FROM exam_items WHERE exam_id = ? ORDER BY position",
            (exam_id,),
        )
        return {
            "id": exam_id, "created_at_ms": created, "spec": json.loads(spec), "elapsed_ms": elapsed,
            "position": position, "finished_at_ms": finished, "timed_out": bool(timed_out),
            "items": [
                {"position": p, "question_id": q, "chosen": None if c is None else tuple(json.loads(c)),
                 "flagged": bool(f), "time_ms": t}
                for p, q, c, f, t in items
            ],
        }

    def unfinished_exam_ids(self) -> list[str]:
        """Exams left in the middle, newest first."""
        return [r[0] for r in self.query(
            "SELECT id FROM exams WHERE finished_at_ms IS NULL ORDER BY created_at_ms DESC, id DESC"
        )]

    def finish_exam(
        self, exam_id: str, *, elapsed_ms: int, timed_out: bool,
        answers: Sequence[tuple[QuestionRef, tuple[str, ...], bool, float, int, CardUpdate | None]],
    ) -> None:
        """Close the exam and store its answers (mode 'exam') in one transaction: all or nothing."""
        now_ms = self.now_ms()
        def work(conn: sqlite3.Connection) -> Any:
            updated = conn.execute(
                "UPDATE exams SET finished_at_ms = ?, elapsed_ms = ?, timed_out = ? "
                "WHERE id = ? AND finished_at_ms IS NULL",
                (now_ms, int(elapsed_ms), int(timed_out), exam_id),
            ).rowcount
            if not updated:
                return  # already finished (e.g. by another process): its answers are stored once
            for question, chosen, correct, fraction, time_ms, card in answers:
                self._remember_question(conn, question)
                conn.execute(
                    "INSERT INTO answers (question_id, pack, chosen, correct, fraction, time_ms, mode,"
                    " answered_at_ms, day, session_id) VALUES (?, ?, ?, ?, ?, ?, 'exam', ?, ?, ?)",
                    (question.id, question.pack, json.dumps(list(chosen)), int(correct), fraction, int(time_ms),
                     now_ms, utc_day(now_ms), exam_id),
                )
                if card is not None:
                    self._put_card(conn, question, card)
        return self._transaction(work)


def _answer_row(row: tuple) -> AnswerRow:
    rid, qid, pack, chosen, correct, fraction, time_ms, mode, at_ms, session = row
    return AnswerRow(rid, qid, pack, tuple(json.loads(chosen)), bool(correct), fraction, time_ms, mode, at_ms, session)
