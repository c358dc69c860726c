"""The progress database's tables, as ordered migrations counted by `PRAGMA user_version`.

A migration is appended, never edited: a database at version N runs migrations N+1.. in order, each in the
same transaction as the version bump, so a crash leaves it at N or at N+1, never between.
"""

from __future__ import annotations

# Times are UTC epoch milliseconds (integers sort and compare fast); `day` is the answer's UTC date
# (YYYY-MM-DD), stored so per-day aggregates group on an index instead of a computed expression.
_V1 = """
CREATE TABLE answers (
    id             INTEGER PRIMARY KEY,
    question_id    TEXT    NOT NULL,
    pack           TEXT    NOT NULL DEFAULT '',
    chosen         TEXT    NOT NULL,               -- JSON array of option ids
    correct        INTEGER NOT NULL CHECK (correct IN (0, 1)),
    fraction       REAL    NOT NULL CHECK (fraction BETWEEN 0 AND 1),
    time_ms        INTEGER NOT NULL CHECK (time_ms >= 0),
    mode           TEXT    NOT NULL CHECK (mode IN ('practice', 'review', 'exam')),
    answered_at_ms INTEGER NOT NULL,
    day            TEXT    NOT NULL,
    session_id     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX answers_by_question ON answers (question_id, answered_at_ms);
CREATE INDEX answers_by_day ON answers (day, correct);
CREATE INDEX answers_by_question_day ON answers (question_id, day, correct);

-- What the learner answered about: the question's pack, domain and tags when last answered.
CREATE TABLE questions (
    question_id TEXT PRIMARY KEY,
    pack        TEXT NOT NULL DEFAULT '',
    domain      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE question_tags (
    question_id TEXT NOT NULL,
    tag         TEXT NOT NULL,
    PRIMARY KEY (question_id, tag)
) WITHOUT ROWID;
CREATE INDEX question_tags_by_tag ON question_tags (tag, question_id);

-- The spaced-repetition state of each question: an fsrs Card as JSON, with its due time copied out for SQL.
CREATE TABLE cards (
    question_id    TEXT PRIMARY KEY,
    pack           TEXT    NOT NULL DEFAULT '',
    card           TEXT    NOT NULL,
    state          INTEGER NOT NULL,
    due_ms         INTEGER NOT NULL,
    last_review_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX cards_by_due ON cards (due_ms);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                            -- JSON
) WITHOUT ROWID;

CREATE TABLE flags (
    question_id   TEXT PRIMARY KEY,
    pack          TEXT    NOT NULL DEFAULT '',
    flagged_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE exams (
    id             TEXT PRIMARY KEY,
    created_at_ms  INTEGER NOT NULL,
    spec           TEXT    NOT NULL,               -- JSON: time limit, pass mark, seed, weights
    elapsed_ms     INTEGER NOT NULL DEFAULT 0,
    position       INTEGER NOT NULL DEFAULT 0,
    finished_at_ms INTEGER,
    timed_out      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE exam_items (
    exam_id     TEXT    NOT NULL REFERENCES exams (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    question_id TEXT    NOT NULL,
    chosen      TEXT,                              -- JSON array, NULL while unanswered
    flagged     INTEGER NOT NULL DEFAULT 0,
    time_ms     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (exam_id, position)
) WITHOUT ROWID;
"""

MIGRATIONS: tuple[str, ...] = (_V1,)
"""MIGRATIONS[i] takes a database from version i to i + 1."""

SCHEMA_VERSION = len(MIGRATIONS)
