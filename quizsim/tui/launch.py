"""Start the app from the command line: load content, build the app, run it."""

from __future__ import annotations

from pathlib import Path


def run_app(extra_content: list[Path] | None = None) -> int:
    from quizsim.content import default_content_paths, load_library
    from quizsim.tui.app import make_app

    library = load_library(default_content_paths(extra_content or []))
    app = make_app(library)
    app.run()
    return app.return_code or 0
