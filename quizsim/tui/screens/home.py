"""Home: packs and their topics with question counts, the modes, and what content was skipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quizsim.tui.literal import literal_line
from quizsim.tui.screens.home_study import STUDY_BINDINGS, HomeStudy

if TYPE_CHECKING:
    from textual.widgets import Tree

    from quizsim.content import Library

Target = tuple[str | None, str | None]
"""(pack id, tag) to practise; None means all."""


def topic_counts(library: "Library", question_ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for qid in question_ids:
        for tag in library.questions[qid].tags:
            counts[tag] = counts.get(tag, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class HomeScreen(HomeStudy, Screen[None]):
    BINDINGS = [
        Binding("enter", "practice_selected", "Practise selection", id="practise-selected", show=False),
        Binding("p", "practice_all", "Practise all", id="practise-all"),
        # Help before the modes: the footer cuts what does not fit at 80 columns.
        Binding("question_mark", "app.help", "Help", id="help", key_display="?"),
        *STUDY_BINDINGS,
        Binding("x", "show_problems", "Skipped content", id="show-problems"),
        Binding("t", "app.next_theme", "Theme", id="theme", show=False),  # in help; the footer keeps q Quit at 80 columns
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-body"):
            with Vertical(id="home-packs"):
                yield Static("Packs and topics  (enter: practise it)", classes="section-title")
                if self.app.library is not None:
                    yield self._new_tree()
                else:
                    # The tree arrives with the content; the first frame stays light and quick.
                    yield Static("Loading packs…", id="packs-loading")
            with Vertical(id="home-side"):
                yield Static("Modes", classes="section-title")
                yield Static(
                    Text.assemble(("▸ Practice", "bold"), "  answer a question, then watch what your answer does beside the best one.\n"
                                  "  enter on a pack or topic, or p for everything."),
                    id="modes",
                )
                yield from self.study_widgets()
                yield Static("Content", classes="section-title")
                yield Static("Loading content…", id="library-summary")
                yield Static("", id="problems-notice")
        yield Footer()

    @staticmethod
    def _new_tree() -> "Tree[Target]":
        from textual.widgets import Tree

        tree: Tree[Target] = Tree("All questions", data=(None, None), id="pack-tree")
        tree.show_root = True
        return tree

    def on_mount(self) -> None:
        if self.app.library is not None:
            self.show_library(self.app.library)
        # The progress store opens after the first frame: start-up stays as quick as before.
        self.call_after_refresh(self._study_start)

    def _study_start(self) -> None:
        self.restore_theme()
        self.refresh_due()

    def show_library(self, library: "Library") -> None:
        from textual.widgets import Tree

        trees = self.query("#pack-tree")
        if trees:
            tree = trees.first(Tree)
        else:
            tree = self._new_tree()
            self.query_one("#home-packs").mount(tree)
            self.query_one("#packs-loading").remove()
        tree.focus()
        tree.clear()
        total = sum(len(p.question_ids) for p in library.packs.values())
        tree.root.set_label(f"All questions ({total})")
        tree.root.data = (None, None)
        for pack in library.packs.values():
            if not pack.question_ids:
                continue
            label = literal_line(pack.title).append(f" ({len(pack.question_ids)} questions)")
            node = tree.root.add(label, data=(pack.id, None), expand=True)
            for tag, count in topic_counts(library, pack.question_ids).items():
                node.add_leaf(literal_line(tag).append(f" ({count})"), data=(pack.id, tag))
        tree.root.expand()
        self.query_one("#library-summary", Static).update(Text(library.summary()))
        notice = self.query_one("#problems-notice", Static)
        if library.problems:
            notice.update(Text(f"⚠ {len(library.problems)} content problem(s) skipped: press x to see them.", style="bold"))
        else:
            notice.update("✓ all content loaded.")
        self.refresh_bindings()
        self.refresh_due()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_problems":
            library = self.app.library
            return bool(library is not None and library.problems)
        if action in ("practice_all", "practice_selected", "review_due", "review_wrong", "exam", "present_selected",
                      "sandbox"):
            return self.app.library is not None or None
        return True

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if event.node.data is not None:
            self.app.start_practice(*event.node.data)

    def selected_target(self) -> Target:
        """(pack id, tag) under the tree's cursor; (None, None) for everything."""
        from textual.widgets import Tree

        trees = self.query("#pack-tree")
        node = trees.first(Tree).cursor_node if trees else None
        return node.data if node is not None and node.data is not None else (None, None)

    def action_practice_selected(self) -> None:
        self.app.start_practice(*self.selected_target())

    def action_practice_all(self) -> None:
        self.app.start_practice(None, None)

    def action_show_problems(self) -> None:
        from quizsim.tui.modals.problems import ProblemsScreen

        library = self.app.library
        if library is not None and library.problems:
            self.app.push_screen(ProblemsScreen([p.format() for p in library.problems]))
