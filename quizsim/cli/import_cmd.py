"""`quizsim import`: a GIFT or Aiken question bank converted into a quizsim pack file."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HELP = "convert a GIFT or Aiken question bank into a quizsim YAML pack file"
DESCRIPTION = """\
Convert a question bank in Moodle's GIFT or Aiken format into a quizsim content file that
`quizsim validate` accepts and the app loads (put it in a folder given to --content or
$QUIZSIM_CONTENT). Imported questions have no scenario: they are asked, graded and explained,
not simulated.

GIFT: multiple choice (one right answer, or several with % weights, negative ones too), true/false,
per-answer and general feedback, ::names:: (which become ids), $CATEGORY (the domain), // [tag:...]
comments, [html]/[markdown]/[plain]/[moodle] text (HTML becomes plain words) and \\-escapes.
Matching, numerical, short-answer, essay and description questions are skipped with a warning
naming their line. Aiken: the whole format.

Malformed input (unbalanced braces, no right answer, a file that is not UTF-8, control characters)
is reported as PATH:LINE:COL: error: MESSAGE and nothing is written. The summary goes to stderr.
exit status: 0 imported, 1 nothing imported or the input is malformed, 2 usage errors."""
EPILOG = """\
examples:
  quizsim import bank.gift -o my-bank/questions.yaml
  quizsim import exam.txt --format aiken > my-bank/exam.yaml
  quizsim validate my-bank/"""
FORMATS = ("gift", "aiken")


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "import", help=HELP, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the bank to read (UTF-8 text)")
    parser.add_argument("--format", choices=FORMATS, help="the bank's format (default: from the file's name or text)")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT.yaml",
                        help="write the pack file here (default: standard output)")
    parser.add_argument("--force", action="store_true", help="replace OUT.yaml if it already exists")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quizsim.content.yaml_source import MAX_FILE_BYTES
    from quizsim.interchange.aiken_reader import read_aiken
    from quizsim.interchange.convert import convert, pack_yaml
    from quizsim.interchange.gift_reader import read_gift
    from quizsim.interchange.output import write_atomic
    from quizsim.interchange.source import BankError, read_bank

    path: Path = args.file
    if args.output is not None and args.output.exists() and not args.force:
        print(f"quizsim import: {args.output} already exists; pass --force to replace it", file=sys.stderr)
        return 2
    try:
        text = read_bank(path)
    except BankError as exc:
        return _failed(path, [(exc.line, exc.column, exc.message)])
    fmt = args.format or guess_format(path, text)
    if fmt is None:
        print(f"{path}: cannot tell whether this is GIFT or Aiken; pass --format gift or --format aiken",
              file=sys.stderr)
        return 2
    result = read_gift(text) if fmt == "gift" else read_aiken(text)
    if result.problems:
        return _failed(path, [(p.line, p.column, p.message) for p in result.problems])
    converted = convert(result, path.name.split(".")[0], bundled_question_ids())
    for skip in converted.skipped:
        reason = f": {skip.reason}" if skip.reason else ": a multiple-choice quiz cannot ask it"
        print(f"{path}:{skip.line}:1: warning: skipped {skip.kind} question{reason}", file=sys.stderr)
    for line, wanted, given in converted.renamed:
        print(f"{path}:{line}:1: warning: question id {wanted!r} is taken (ids are unique across packs); "
              f"imported as {given!r}", file=sys.stderr)
    if not converted.questions:
        print(f"FAILED: nothing to import: {_summary(converted)}; nothing written", file=sys.stderr)
        return 1
    comment = (f"Imported from {path.name} ({fmt.upper() if fmt == 'gift' else 'Aiken'}) by `quizsim import`.\n"
               "These questions have no scenario: quizsim asks, grades and explains them, without simulating.")
    output = pack_yaml(converted.questions, comment)
    size = len(output.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        too_big = (f"the pack would be {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB "
                   "a content file may hold: split the bank")
        return _failed(path, [(1, 1, too_big)])
    if args.output is None:
        sys.stdout.write(output)
    else:
        try:
            write_atomic(args.output, output)
        except OSError as exc:
            print(f"{args.output}: cannot write: {exc.strerror or exc}; nothing written", file=sys.stderr)
            return 1
    where = f" into {args.output}" if args.output is not None else ""
    print(f"{_summary(converted)}{where}", file=sys.stderr)
    return 0


def _failed(path: Path, problems: list[tuple[int, int, str]]) -> int:
    for line, column, message in problems:
        print(f"{path}:{line}:{column}: error: {message}", file=sys.stderr)
    count = len(problems)
    print(f"FAILED: {count} problem{'' if count == 1 else 's'} in {path}; nothing written", file=sys.stderr)
    return 1


def _summary(converted) -> str:
    """'imported 21 questions, skipped 4 (line 12: matching; line 30: numerical; ...)'."""
    n = len(converted.questions)
    text = f"imported {n} question{'' if n == 1 else 's'}"
    skipped = converted.skipped
    if skipped:
        shown = "; ".join(f"line {s.line}: {s.kind}" for s in skipped[:10])
        more = f"; {len(skipped) - 10} more" if len(skipped) > 10 else ""
        text += f", skipped {len(skipped)} ({shown}{more})"
    return text


_AIKEN_ANSWER = re.compile(r"^ANSWER:\s*[A-Z]\s*$", re.MULTILINE)


def guess_format(path: Path, text: str) -> str | None:
    """'gift' or 'aiken' from the file's extension, else from its text; None when it cannot tell."""
    suffixes = [s.lower() for s in path.suffixes]
    if ".gift" in suffixes:
        return "gift"
    if ".aiken" in suffixes:
        return "aiken"
    has_answer_lines = bool(_AIKEN_ANSWER.search(text))
    has_braces = "{" in text
    if has_answer_lines and not has_braces:
        return "aiken"
    if has_braces and not has_answer_lines:
        return "gift"
    return None


def bundled_question_ids() -> set[str]:
    """Ids of the bundled questions, which imported ones must not reuse (ids are unique across packs)."""
    import yaml

    from quizsim.paths import bundled_content_dir

    ids: set[str] = set()
    for file in bundled_content_dir().rglob("*.yaml"):
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        items = data.get("questions") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.add(item["id"])
    return ids
