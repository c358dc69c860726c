"""The app's progress store: opened on first use, problems shown as messages, and the app works on without it.

Screens call `store_of(app)` or `with_store(app, work)`; nothing here raises. A store that cannot be opened
(a newer schema, a folder that cannot be written) is said once, and practice goes on unsaved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from textual.app import App

    from quizsim.content import Library
    from quizsim.study.progress import ProgressStore
    from quizsim.study.schedule import StudyQuestion

T = TypeVar("T")

NOT_SAVED = "Progress is not saved this session."


class _Access:
    def __init__(self) -> None:
        self.store: ProgressStore | None = None
        self.tried = False
        self.problem: str | None = None


def _access(app: "App") -> _Access:
    access = getattr(app, "_quizsim_progress", None)
    if access is None:
        access = _Access()
        app._quizsim_progress = access  # type: ignore[attr-defined]
    return access


def store_of(app: "App") -> "ProgressStore | None":
    """The open store, opening it the first time; None (said once) when it cannot be used."""
    access = _access(app)
    if not access.tried:
        access.tried = True
        from quizsim.study.progress import ProgressError, ProgressStore

        try:
            access.store = ProgressStore.open()
        except (ProgressError, sqlite3.Error, OSError) as exc:
            access.problem = f"{exc}. {NOT_SAVED}"
            app.notify(access.problem, title="Progress", severity="error", timeout=30, markup=False)
    _say_notice(app, access.store)
    return access.store


def store_problem(app: "App") -> str | None:
    """Why there is no store (after `store_of` tried), else None."""
    return _access(app).problem


def with_store(app: "App", work: Callable[["ProgressStore"], T], default: T | None = None) -> T | None:
    """`work(store)`, or `default` when there is no store or it fails (said as a message, never raised)."""
    from quizsim.study.progress import ProgressError

    store = store_of(app)
    if store is None:
        return default
    try:
        return work(store)
    except (ProgressError, sqlite3.Error, OSError) as exc:
        app.notify(f"Could not use your progress: {exc}", title="Progress", severity="error", timeout=15, markup=False)
        return default
    finally:
        _say_notice(app, store)


def _say_notice(app: "App", store: "ProgressStore | None") -> None:
    notice = store.take_notice() if store is not None else None
    if notice:
        app.notify(notice, title="Progress", severity="warning", timeout=30, markup=False)


def close_store(app: "App") -> None:
    access = _access(app)
    if access.store is not None:
        access.store.close()
        access.store = None


def study_pool(library: "Library") -> dict[str, "StudyQuestion"]:
    """Every question of the library as the study core sees it (its pack, domain, tags, key, stem length)."""
    from quizsim.study.schedule import study_question

    pack_of = {qid: pack.id for pack in library.packs.values() for qid in pack.question_ids}
    return {qid: study_question(q, pack_of.get(qid, "")) for qid, q in library.questions.items()}
