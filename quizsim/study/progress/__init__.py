"""The learner's progress, kept in SQLite in the user data folder (see README, "Your progress")."""

from quizsim.study.progress.opening import DB_NAME, NewerSchemaError, ProgressError
from quizsim.study.progress.records import AnswerRow, CardUpdate, QuestionRef
from quizsim.study.progress.schema import SCHEMA_VERSION
from quizsim.study.progress.store import ProgressStore, default_path

__all__ = [
    "DB_NAME", "SCHEMA_VERSION", "AnswerRow", "CardUpdate", "NewerSchemaError", "ProgressError", "ProgressStore",
    "QuestionRef", "default_path",
]
