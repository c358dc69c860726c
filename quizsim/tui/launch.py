"""Start the app from the command line: build it at once, load content after the first frame."""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizsim.tui.app import QuizsimApp


def build_app(extra_content: list[Path] | None = None) -> "QuizsimApp":
    """The app as `quizsim` starts it (also timed by benchmarks/bench_tui.py)."""
    from quizsim.tui.app import make_app

    def load():
        from quizsim.content import default_content_paths, load_library

        return load_library(default_content_paths(extra_content or []))

    return make_app(loader=load)


def run_app(extra_content: list[Path] | None = None) -> int:
    app = build_app(extra_content)
    app.run()
    return app.return_code or 0
