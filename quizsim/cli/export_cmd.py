"""`quizsim export-progress`: every stored answer as CSV, or the whole progress as JSON."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

HELP = "export your progress (answers as CSV, or answers, schedule, flags and settings as JSON)"
DESCRIPTION = """\
Write your progress outside quizsim, for a spreadsheet or a backup. CSV has one row per answer:
id, answered_at (UTC, ISO 8601), day, question_id, pack, chosen (option ids separated by spaces),
correct (1 or 0), fraction (share of the key found), time_ms, mode (practice, review, exam),
session_id. JSON holds {"schema_version", "exported_at", "answers": [...], "cards": [...] (the
review schedule of each question), "flags": [...], "settings": {...}}.

With -o FILE the export is written to a temporary file beside FILE and renamed over it when
complete, so FILE is never left half written. Without -o it goes to standard output.

exit status: 0 written (also when there are no answers yet), 1 the progress database cannot be
read or FILE cannot be written."""
EPILOG = """\
examples:
  quizsim export-progress                          CSV on standard output
  quizsim export-progress --format json -o progress.json
  quizsim export-progress -o answers.csv           open it in a spreadsheet"""

CSV_COLUMNS = ["id", "answered_at", "day", "question_id", "pack", "chosen", "correct", "fraction", "time_ms", "mode",
               "session_id"]


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "export-progress", help=HELP, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--format", choices=["csv", "json"], default="csv", help="csv (default) or json")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE instead of standard output")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quizsim.study.progress import ProgressError, ProgressStore

    try:
        store = ProgressStore.open_existing()
    except ProgressError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    writer = _write_csv if args.format == "csv" else _write_json
    try:
        if args.output is None:
            count = writer(store, sys.stdout)
        else:
            count = _write_atomically(args.output, lambda out: writer(store, out))
    except OSError as exc:
        if args.output is None:
            raise  # a closed pipe (`| head`) is handled, quietly, by the entry point
        print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            notice = store.take_notice()
            store.close()
            if notice:
                print(f"note: {notice}", file=sys.stderr)
    if count == 0:
        print("no answers yet: the export holds none", file=sys.stderr)
    elif args.output is not None:
        print(f"wrote {count} answer{'' if count == 1 else 's'} to {args.output}", file=sys.stderr)
    return 0


def _write_atomically(target: Path, write: Any) -> int:
    """Write to a temporary file in the target's folder, then rename it over the target."""
    folder = target.parent if str(target.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed or removed
        "w", encoding="utf-8", newline="", dir=folder, prefix=f".{target.name}.", suffix=".tmp", delete=False,
    )
    try:
        with handle:
            count = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return count


def _answer_dicts(store: Any) -> Iterator[dict[str, Any]]:
    if store is None:
        return
    for row in store.iter_answers():
        yield {
            "id": row.id, "answered_at": row.answered_at.isoformat().replace("+00:00", "Z"),
            "day": row.answered_at.strftime("%Y-%m-%d"), "question_id": row.question_id, "pack": row.pack,
            "chosen": list(row.chosen), "correct": row.correct, "fraction": row.fraction, "time_ms": row.time_ms,
            "mode": row.mode, "session_id": row.session_id,
        }


def _write_csv(store: Any, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for answer in _answer_dicts(store):
        writer.writerow(answer | {"chosen": " ".join(answer["chosen"]), "correct": int(answer["correct"])})
        count += 1
    return count


def _write_json(store: Any, out: TextIO) -> int:
    """One JSON object; the answers are streamed so a long history is never all in memory."""
    from datetime import UTC, datetime

    from quizsim.study.progress import SCHEMA_VERSION

    head = {"schema_version": SCHEMA_VERSION,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")}
    out.write(json.dumps(head, indent=2)[:-2] + ',\n  "answers": [')
    count = 0
    for answer in _answer_dicts(store):
        out.write(("," if count else "") + "\n    " + json.dumps(answer, ensure_ascii=False))
        count += 1
    out.write("\n  ],\n" if count else "],\n")
    rest = _rest(store)
    out.write(json.dumps(rest, ensure_ascii=False, indent=2)[2:])  # the remaining keys, closing the object
    out.write("\n")
    return count


def _rest(store: Any) -> dict[str, Any]:
    """Cards, flags and settings: small (one row per question at most)."""
    if store is None:
        return {"cards": [], "flags": [], "settings": {}}
    cards = [
        {"question_id": qid, "pack": pack, "card": json.loads(card)}
        for qid, pack, card in store.query("SELECT question_id, pack, card FROM cards ORDER BY question_id")
    ]
    return {"cards": cards, "flags": store.flagged_ids(), "settings": store.settings()}
