"""`quizsim schema`: print the JSON Schema of content files for editors."""

from __future__ import annotations

import argparse
import sys

DESCRIPTION = """\
Print the JSON Schema that every content file follows. Save it and point your editor's YAML
language server at it to get completion and checks while writing a pack, e.g.:

  quizsim schema > quizsim.schema.json
  # then, at the top of a content file:
  # yaml-language-server: $schema=./quizsim.schema.json"""


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "schema", help="print the JSON Schema of content files", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quizsim.content.schema import content_schema_text

    sys.stdout.write(content_schema_text())
    return 0
