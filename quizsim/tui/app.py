"""The quizsim Textual application and the factory shared by the CLI and the tests."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static, Tree

from quizsim.content import Library


class QuizsimApp(App[None]):
    """Home screen: the packs and questions that loaded, and what was skipped."""

    TITLE = "quizsim"
    SUB_TITLE = "cloud architecture practice"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def compose(self) -> ComposeResult:
        yield Header()
        tree: Tree[str] = Tree("Packs", id="packs")
        tree.root.expand()
        for pack in self.library.packs.values():
            if not pack.question_ids:
                continue
            node = tree.root.add(f"{pack.title} ({len(pack.question_ids)} questions)", expand=True)
            for qid in pack.question_ids:
                question = self.library.questions[qid]
                node.add_leaf(f"{qid}: {question.stem.splitlines()[0][:70]}")
        yield tree
        if self.library.problems:
            lines = "\n".join(p.format() for p in self.library.problems[:20])
            yield Static(f"Skipped ({len(self.library.problems)} problems):\n{lines}", id="skipped")
        yield Footer()


def make_app(library: Library) -> QuizsimApp:
    """Build the app; the CLI and the tests both use this."""
    return QuizsimApp(library)
