"""`quizsim present`: presenter mode for a classroom projector, over a pack or a playlist file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizsim.content import Library
    from quizsim.study.playlist import Playlist

DESCRIPTION = """\
Show questions large, one at a time, for a class: the answer stays hidden while the teacher types the
class's votes (1-5 add a vote to that option, u takes one back, 0 clears), then races the options on the
same seed (a-e: one option alone, g: all side by side) with the narrated event log; space pauses,
. steps to the next event, j jumps to the end, k reveals the answer key, n/p move between questions.

TARGET is a pack id (its questions in written order) or a playlist file (YAML: question ids with
optional seeds and scenario overrides; see the README's Classroom section). Default: every question.
exit status: 0 done, 1 a playlist with problems (each printed as FILE:LINE:COL), 2 an unknown TARGET."""


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "present", help="presenter mode for a classroom: votes, then every option raced", description=DESCRIPTION,
        parents=[content], formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", nargs="?", metavar="PACK_OR_PLAYLIST", help="a pack id or a playlist .yaml file")
    parser.add_argument("--seed", type=int, metavar="N", help="seed of every race that the playlist does not fix")
    parser.set_defaults(handler=run)


class TargetError(Exception):
    """An unknown pack or a missing file: exit status 2."""


def resolve_target(library: "Library", target: str | None, seed: int | None) -> "Playlist":
    """The playlist `target` names; PlaylistError for a bad playlist, TargetError for an unknown target."""
    from quizsim.content.problems import did_you_mean
    from quizsim.study.playlist import load_playlist, pack_playlist

    if target is not None and (target.endswith((".yaml", ".yml")) or Path(target).is_file()):
        if not Path(target).is_file():
            raise TargetError(f"playlist file {target!r} does not exist")
        playlist = load_playlist(Path(target), library)
        return playlist.model_copy(update={"seed": seed}) if seed is not None and playlist.seed is None else playlist
    if target is not None and target not in library.packs:
        raise TargetError(f"{target!r} is neither a pack id nor a playlist file" + did_you_mean(target, list(library.packs))
                          + f" (packs: {', '.join(library.packs) or 'none'})")
    try:
        return pack_playlist(library, target, seed=seed)
    except ValueError as exc:
        raise TargetError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    from quizsim.content import default_content_paths, load_library
    from quizsim.study.playlist import PlaylistError

    if args.seed is not None and args.seed < 0:
        print(f"quizsim present: --seed {args.seed} is negative; seeds are 0 or more", file=sys.stderr)
        return 2
    library = load_library(default_content_paths(args.content))
    try:
        playlist = resolve_target(library, args.target, args.seed)
    except PlaylistError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return 1
    except TargetError as exc:
        print(f"quizsim present: error: {exc}", file=sys.stderr)
        return 2
    app = make_presenter_app(library, playlist)
    app.run()
    return app.return_code or 0


def make_presenter_app(library: "Library", playlist: "Playlist"):
    """The app opened on the presenter screen, in the high-contrast theme (Esc goes back to home)."""
    from quizsim.tui.app import QuizsimApp
    from quizsim.tui.screens.presenter import PresenterScreen
    from quizsim.tui.themes import HIGH_CONTRAST

    class PresenterApp(QuizsimApp):
        # Textual reads a relative CSS_PATH beside the file that defines the class: name the app's own.
        CSS_PATH = str(Path(sys.modules[QuizsimApp.__module__].__file__).with_name("app.tcss"))

        def on_ready(self) -> None:
            self.theme = HIGH_CONTRAST.name
            self.push_screen(PresenterScreen(library, playlist))

    return PresenterApp(library=library)
