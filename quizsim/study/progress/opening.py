"""Opening the progress database: WAL, migrations, a damaged file moved aside, a newer one refused."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from quizsim.study.progress.schema import MIGRATIONS, SCHEMA_VERSION

DB_NAME = "progress.db"
BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another quizsim process's transaction (they last milliseconds)."""

_SQLITE_MAGIC = b"SQLite format 3\x00"
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_SIDE_FILES = ("-wal", "-shm", "-journal")


class ProgressError(Exception):
    """The progress database cannot be used; str() is a message for the learner."""


class NewerSchemaError(ProgressError):
    """The database was written by a newer quizsim; it is left untouched."""


class DamagedDatabase(Exception):
    """Internal: the file is not a usable SQLite database."""


def open_database(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """A ready connection, and where a damaged database was moved (None when it was fine or new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open_checked(path), None
    except DamagedDatabase:
        moved_to = move_aside(path)
        try:
            return _open_checked(path), moved_to
        except DamagedDatabase as exc:  # a fresh file cannot be damaged: the folder itself is the problem
            raise ProgressError(f"cannot create a progress database at {path}: {exc}") from exc


def damaged_message(moved_to: Path) -> str:
    return f"your progress database was damaged; the old one was moved to {moved_to} and a new one was made"


def _open_checked(path: Path) -> sqlite3.Connection:
    _refuse_newer(_header_version(path), path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.DatabaseError as exc:
        raise _classify(exc, path) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # The header can lag a newer writer's uncheckpointed WAL: ask SQLite too, before writing anything.
        _refuse_newer(conn.execute("PRAGMA user_version").fetchone()[0], path)
        # Cheap checks only: the schema must parse. A full quick_check costs ~0.5 s on a year of answers;
        # damage deeper in the file is caught when a query meets it (the store then recovers the same way).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _set_journal_mode(conn)
        # NORMAL in WAL mode: a commit is in the WAL file before record_answer returns, so a killed or crashed
        # process loses nothing; only an OS crash or power cut may roll back the last commits (never corrupting
        # the file). FULL would fsync every answer (~4 ms here) for that last case.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, path)
        return conn
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.DatabaseError):
            raise _classify(exc, path) from exc
        raise


def _header_version(path: Path) -> int | None:
    """user_version from the file header; raises DamagedDatabase when the file is not SQLite or cut short."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if not header:
        return None  # an empty file is an empty database
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise DamagedDatabase("not an SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is trustworthy only when stamped with the current change counter (SQLite file format 1.3.8).
    # A WAL left by a killed checkpoint may still hold the rest of the file: then SQLite completes it.
    wal = path.with_name(path.name + "-wal")
    wal_pending = wal.exists() and wal.stat().st_size > 0
    if header[92:96] == header[24:28] and size < pages * page_size and not wal_pending:
        raise DamagedDatabase(f"truncated: {size} bytes of {pages * page_size}")
    return int.from_bytes(header[60:64], "big")


def _refuse_newer(version: int | None, path: Path) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path} was written by a newer quizsim (progress schema version {version}; this quizsim knows up to "
            f"{SCHEMA_VERSION}). It was left untouched: upgrade quizsim, or set QUIZSIM_HOME to another folder."
        )


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether an SQLite error means the file is damaged (not busy, read-only or full)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in str(exc) or "not a database" in str(exc)


def _classify(exc: sqlite3.DatabaseError, path: Path) -> Exception:
    """Damage becomes DamagedDatabase (moved aside); anything else (locked, read-only, disk full) a ProgressError."""
    if is_damage(exc):
        return DamagedDatabase(str(exc))
    return ProgressError(f"cannot use the progress database {path}: {exc}")


def _set_journal_mode(conn: sqlite3.Connection) -> None:
    # Switching to WAL needs a moment alone with the file; a second process starting at once retries.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    if str(mode).lower() != "wal":
        raise ProgressError(f"cannot use write-ahead logging for the progress database (journal mode {mode})")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        _refuse_newer(version, path)
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """The statements of a script, split where SQLite says one is complete."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def move_aside(path: Path) -> Path:
    """Rename the damaged file (and its WAL, which must never meet a new database) to a timestamped name."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target
