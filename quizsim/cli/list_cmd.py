"""`quizsim list`: the ids of the loaded questions, scenarios or backend profiles, with pack and title."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import Any

KINDS = {"questions": "question", "scenarios": "scenario", "backends": "backend"}

HELP = "list the ids of questions, scenarios or backend profiles"
DESCRIPTION = """\
List what the content defines, one id per line with its pack and title: the ids `quizsim sim`
takes as TARGET, and that questions and scenarios refer to (scenario:, store:, backend:).
Content is shown as written, never interpreted: markup such as [bold] stays as text, and
control characters appear as escapes such as \\x1b.

Only what loaded is listed; if some content has problems, a note on stderr says how many
(see them with `quizsim validate`).

exit status: 0 listed (even if nothing loaded), 2 usage errors."""
EPILOG = """\
examples:
  quizsim list                             the questions
  quizsim list scenarios                   the scenarios, e.g. to pick a `quizsim sim` TARGET
  quizsim list backends --json             [{"id", "pack", "title", "path", "line"}, ...] for scripts"""


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "list", help=HELP, description=DESCRIPTION, epilog=EPILOG, parents=[content],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "kind", nargs="?", choices=list(KINDS), default="questions", metavar="{questions,scenarios,backends}",
        help="what to list (default: questions)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON array instead of a table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quizsim.content import default_content_paths, load_library

    library = load_library(default_content_paths(args.content))
    rows = _rows(library, KINDS[args.kind])
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif rows:
        print(table(rows))
    else:
        print(f"no {args.kind} loaded", file=sys.stderr)
    if library.problems:
        count = len(library.problems)
        print(f"note: {count} problem{'' if count == 1 else 's'} in the content, so some may be missing "
              "(see `quizsim validate`)", file=sys.stderr)
    return 0


def _rows(library: Any, kind: str) -> list[dict[str, Any]]:
    from quizsim.content.problems import display_path

    items = {"question": library.questions, "scenario": library.scenarios, "backend": library.backends}[kind]
    rows = []
    for item_id, item in items.items():
        origin = library.origins[(kind, item_id)]
        rows.append({
            "id": item_id,
            "pack": origin.pack,
            "title": _title(kind, item),
            "path": display_path(origin.path),
            "line": origin.line,
        })
    return rows


def _title(kind: str, item: Any) -> str:
    """What a reader knows the item by: a title, or for a question the start of its stem."""
    if kind == "question":
        return " ".join(item.stem.split())
    return item.title or " ".join(item.description.split())


def table(rows: list[dict[str, Any]], width: int | None = None) -> str:
    """ID, PACK and TITLE columns, one row per line, cut to the terminal width; content shown literally."""
    from quizsim.text_safety import visible_line

    width = width or shutil.get_terminal_size((100, 24)).columns
    cells = [(visible_line(r["id"]), visible_line(r["pack"]), r["title"]) for r in rows]
    id_w = max(len("ID"), *(len(c[0]) for c in cells))
    pack_w = max(len("PACK"), *(len(c[1]) for c in cells))
    title_w = max(20, width - id_w - pack_w - 4)
    lines = [f"{'ID':{id_w}}  {'PACK':{pack_w}}  TITLE"]
    for item_id, pack, title in cells:
        if len(title) > title_w:
            title = title[: title_w - 1] + "…"  # cut before escaping, so an escape is never cut in half
        lines.append(f"{item_id:{id_w}}  {pack:{pack_w}}  {visible_line(title)}".rstrip())
    return "\n".join(lines)
