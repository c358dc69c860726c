"""`quizsim export`: a pack's questions written as GIFT, Aiken or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write a pack's questions as GIFT, Aiken or JSON"
DESCRIPTION = """\
Write the questions of a pack as Moodle GIFT, Aiken or JSON, for an LMS or another tool.
PACK is a pack id (see `quizsim list`) or a folder or YAML file of content.

GIFT keeps stems, options, the answer key (choose-N as % weights), per-option feedback, the
explanation (general feedback), the domain ($CATEGORY), tags and references (as comments);
`quizsim import` reads it back to the same questions. Aiken keeps single-answer questions' stems,
options and answer key only: choose-N questions are left out, each named on stderr. JSON keeps
every field, simulate blocks included. Scenarios and judges are not written to GIFT or Aiken.

Output goes to FILE (written whole or not at all) or to standard output.
exit status: 0 written, 1 nothing to export or the file cannot be written, 2 usage errors."""
EPILOG = """\
examples:
  quizsim export session-state --format gift -o session-state.gift
  quizsim export my-pack/ --format aiken > my-pack.txt
  quizsim export session-state --format json | jq '.questions | length'"""
FORMATS = ("gift", "aiken", "json")


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "export", help=HELP, description=DESCRIPTION, epilog=EPILOG, parents=[content],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("pack", metavar="PACK", help="a pack id, or a folder or YAML file of content")
    parser.add_argument("--format", choices=FORMATS, required=True, help="gift, aiken or json")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: standard output)")
    parser.set_defaults(handler=run)


class _Usage(Exception):
    pass


def run(args: argparse.Namespace) -> int:
    from quizsim.interchange.aiken_writer import aiken_refusal, write_aiken
    from quizsim.interchange.gift_writer import write_gift
    from quizsim.interchange.json_writer import write_json
    from quizsim.interchange.output import write_atomic

    try:
        library, pack_name, questions = _questions(args)
    except _Usage as exc:
        print(f"quizsim export: {exc}", file=sys.stderr)
        return 2
    if not questions:
        print(f"quizsim export: {pack_name} has no questions that loaded (see `quizsim validate`)", file=sys.stderr)
        return 1
    written = questions
    if args.format == "gift":
        header = f"{pack_name}: {len(questions)} questions exported by quizsim (GIFT, for Moodle or `quizsim import`)"
        text = write_gift(questions, header)
    elif args.format == "aiken":
        written = []
        for question in questions:
            reason = aiken_refusal(question)
            if reason:
                origin = library.origins[("question", question.id)]
                print(f"{origin.path}:{origin.line}:{origin.column}: warning: left out question {question.id!r}: {reason}",
                      file=sys.stderr)
            else:
                written.append(question)
        text = write_aiken(written)
    else:
        text = write_json(questions, pack_name)
    if not written:
        print("FAILED: no question of this pack can be written as Aiken; nothing written", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            write_atomic(args.output, text)
        except OSError as exc:
            print(f"{args.output}: cannot write: {exc.strerror or exc}; nothing written", file=sys.stderr)
            return 1
    left_out = len(questions) - len(written)
    dropped = {"gift": "; scenarios and simulate blocks are not part of GIFT",
               "aiken": "; Aiken keeps no feedback, explanations, tags or domains", "json": ""}[args.format]
    where = f" to {args.output}" if args.output is not None else ""
    print(f"exported {len(written)} question{'' if len(written) == 1 else 's'} as {args.format.upper() if args.format != 'aiken' else 'Aiken'}"
          f"{where}" + (f", left out {left_out}" if left_out else "") + dropped, file=sys.stderr)
    if library.problems:
        print(f"note: {len(library.problems)} problem(s) in the content, so some questions may be missing "
              "(see `quizsim validate`)", file=sys.stderr)
    return 0


def _questions(args: argparse.Namespace):
    from quizsim.content import default_content_paths, load_library
    from quizsim.content.problems import did_you_mean

    target = Path(args.pack)
    if target.exists():
        library = load_library([*default_content_paths(args.content), target])
        root = target.resolve()
        ids = [qid for (kind, qid), origin in library.origins.items()
               if kind == "question" and qid in library.questions
               and (origin.path.resolve() == root or origin.path.resolve().is_relative_to(root))]
        return library, target.name, [library.questions[i] for i in ids]
    library = load_library(default_content_paths(args.content))
    pack = library.packs.get(args.pack)
    if pack is None:
        raise _Usage(f"{args.pack!r} is neither a pack id nor a file or folder" + did_you_mean(args.pack, list(library.packs))
                     + f" (packs: {', '.join(sorted(library.packs)) or 'none'})")
    return library, pack.id, [library.questions[i] for i in pack.question_ids if i in library.questions]
