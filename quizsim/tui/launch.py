"""Start the app from the command line: build it at once, load content after the first frame."""

from __future__ import annotations

from pathlib import Path


def run_app(extra_content: list[Path] | None = None) -> int:
    from quizsim.tui.app import make_app

    def load():
        from quizsim.content import default_content_paths, load_library

        return load_library(default_content_paths(extra_content or []))

    app = make_app(loader=load)
    app.run()
    return app.return_code or 0
