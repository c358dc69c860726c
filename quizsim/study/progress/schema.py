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

# Running totals kept by a trigger as each answer is inserted, so the home and stats screens read a few
# hundred rows instead of scanning every answer: per day and mode, per tag and day, and each question's
# latest answer (for "review only what I got wrong"). Existing answers are folded in once, here.
_V2 = """
ALTER TABLE questions ADD COLUMN last_answer_id INTEGER;
ALTER TABLE questions ADD COLUMN last_correct INTEGER;
ALTER TABLE questions ADD COLUMN last_answer_ms INTEGER;
CREATE INDEX questions_by_last_answer ON questions (last_correct, last_answer_id);

CREATE TABLE daily (
    day     TEXT    NOT NULL,
    mode    TEXT    NOT NULL,
    answers INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    PRIMARY KEY (day, mode)
) WITHOUT ROWID;
CREATE TABLE daily_tags (
    tag     TEXT    NOT NULL,
    day     TEXT    NOT NULL,
    answers INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    PRIMARY KEY (tag, day)
) WITHOUT ROWID;

INSERT OR IGNORE INTO questions (question_id, pack) SELECT question_id, pack FROM answers;
UPDATE questions SET (last_answer_id, last_correct, last_answer_ms) = (
    SELECT a.id, a.correct, a.answered_at_ms FROM answers a
    WHERE a.question_id = questions.question_id ORDER BY a.id DESC LIMIT 1);
INSERT INTO daily (day, mode, answers, correct)
    SELECT day, mode, count(*), sum(correct) FROM answers GROUP BY day, mode;
INSERT INTO daily_tags (tag, day, answers, correct)
    SELECT t.tag, a.day, count(*), sum(a.correct) FROM answers a JOIN question_tags t USING (question_id)
    GROUP BY t.tag, a.day;

CREATE TRIGGER answers_roll_up AFTER INSERT ON answers BEGIN
    INSERT OR IGNORE INTO questions (question_id, pack) VALUES (NEW.question_id, NEW.pack);
    UPDATE questions SET last_answer_id = NEW.id, last_correct = NEW.correct, last_answer_ms = NEW.answered_at_ms
        WHERE question_id = NEW.question_id;
    INSERT INTO daily (day, mode, answers, correct) VALUES (NEW.day, NEW.mode, 1, NEW.correct)
        ON CONFLICT (day, mode) DO UPDATE SET answers = answers + 1, correct = correct + excluded.correct;
    INSERT INTO daily_tags (tag, day, answers, correct)
        SELECT tag, NEW.day, 1, NEW.correct FROM question_tags WHERE question_id = NEW.question_id
        ON CONFLICT (tag, day) DO UPDATE SET answers = answers + 1, correct = correct + excluded.correct;
END;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
"""MIGRATIONS[i] takes a database from version i to i + 1."""

SCHEMA_VERSION = len(MIGRATIONS)
