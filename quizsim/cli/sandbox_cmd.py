"""`quizsim sandbox`: build a scenario with a few knobs, run it, compare runs, save one as YAML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = """\
Build a scenario interactively: the session store and its size, the workload (rate, a spike, a daily
cycle), the web tier (instances, sticky sessions, auto scaling) and a fault. Enter runs it; up to four
runs stay side by side to compare; s saves the selected run as a scenario file that
`quizsim sim FILE --seed N` runs again to the same result.
exit status: 0 done."""


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "sandbox", help="build a scenario, run it, compare runs, save it as YAML", description=DESCRIPTION,
        parents=[content], formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--save-dir", type=Path, default=Path.cwd(), metavar="DIR",
                        help="where s saves scenario files (default: the current folder)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quizsim.content import default_content_paths, load_library
    from quizsim.tui.app import QuizsimApp
    from quizsim.tui.screens.sandbox import SandboxScreen

    library = load_library(default_content_paths(args.content))
    save_dir = args.save_dir

    class SandboxApp(QuizsimApp):
        # Textual reads a relative CSS_PATH beside the file that defines the class: name the app's own.
        CSS_PATH = str(Path(sys.modules[QuizsimApp.__module__].__file__).with_name("app.tcss"))

        def on_ready(self) -> None:
            self.push_screen(SandboxScreen(library, save_dir=save_dir))

    app = SandboxApp(library=library)
    app.run()
    return app.return_code or 0
