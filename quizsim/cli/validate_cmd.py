"""`quizsim validate`: check content files and report every problem with its place."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "check content files; one 'PATH:LINE:COL: error: ...' line per problem"
DESCRIPTION = """\
Check content for problems: YAML syntax, unknown or missing fields, wrong types, repeated ids,
references to scenarios or backends that do not exist, answer keys that disagree with the
question, numbers out of range, text over its size limit, and text that would act on a
terminal (escapes such as ESC [ or ESC ], control characters, bidi overrides).

Prints one line per problem as PATH:LINE:COL: error: MESSAGE, then a summary line.
Exit status: 0 when everything is valid, 1 when there are problems, 2 on usage errors."""


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "validate", help=HELP, description=DESCRIPTION, parents=[content],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH",
        help="files or folders to check, together with the bundled packs they may reference "
        "(default: the bundled packs, $QUIZSIM_CONTENT and --content)",
    )
    parser.add_argument(
        "--simulate", action="store_true",
        help="also simulate every option and confirm each answer key (the same as `quizsim check`)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.simulate:
        from quizsim.cli import check_cmd

        return check_cmd.run(args)
    from quizsim.content import default_content_paths, load_library
    from quizsim.paths import bundled_content_dir

    named = [*args.paths, *args.content]
    if args.paths:
        # Named paths are checked together with the bundled packs, which they may reference.
        library = load_library([bundled_content_dir(), *named])
        files = library.files_under(named)
        counts = library.summary(within=named)
        context = " (bundled packs loaded for reference)"
    else:
        library = load_library(default_content_paths(args.content))
        files, counts, context = library.files, library.summary(), ""
    for problem in library.problems:
        print(problem.format())
    mark = "ok" if library.ok else "FAILED"
    print(f"{mark}: {len(files)} file{'' if len(files) == 1 else 's'}: {counts}{context}")
    return 0 if library.ok else 1
