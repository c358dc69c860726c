"""The question card: stem, options keyed 1–9 / A–E in the order shown, the pick counter, then ✓/✗ feedback.

Before answering the card shows neither the question's id nor its tags: both are written by authors
who know the answer (`ss-in-memory-store`) and give it away. They appear once the answer is in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizsim.text_safety import visible, visible_line
from quizsim.tui.literal import literal, literal_line

if TYPE_CHECKING:
    from quizsim.content import Option, Question

LETTERS = "abcde"
"""Options A–E can also be picked by letter (F onwards by digit only: 'f' filters by tag)."""


def option_keys(index: int) -> str:
    """Keys shown for the option at `index`: '1/A' … '5/E', then '6' … '9'."""
    digit = str(index + 1)
    return f"{digit}/{LETTERS[index].upper()}" if index < len(LETTERS) else digit


def shown_options(question: "Question", order: "list[str] | tuple[str, ...] | None") -> "list[Option]":
    """The question's options in `order` (ids), or as written when no order is given."""
    if not order:
        return list(question.options)
    by_id = {option.id: option for option in question.options}
    return [by_id[oid] for oid in order if oid in by_id]


class QuestionCard(VerticalScroll):
    """Shows one question; after submitting, every option gets ✓ or ✗ and its reason."""

    COMPONENT_CLASSES = {"question-card--picked", "question-card--right", "question-card--wrong", "question-card--muted"}
    DEFAULT_CSS = """
    QuestionCard > .question-card--picked { text-style: bold reverse; }
    QuestionCard > .question-card--right { color: $success; text-style: bold; }
    QuestionCard > .question-card--wrong { color: $error; text-style: bold; }
    QuestionCard > .question-card--muted { color: $foreground-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="q-head")
        yield Static(id="q-stem")
        yield Static(id="q-options")
        yield Static(id="q-hint")
        yield Static(id="q-feedback")

    def show(
        self, question: "Question | None", picked: list[str], answered: tuple[str, ...] | None, hint: str = "",
        order: "list[str] | tuple[str, ...] | None" = None,
    ) -> None:
        """Redraw for `question`; `answered` is the submitted choice (None before submitting).

        `order`: option ids in the order to show them (keys and letters follow it); None keeps the YAML's.
        """
        if not self.query("#q-head"):
            return  # not composed yet, or being removed: keys and timers can arrive then
        head, stem, options, hint_w, feedback = (self.query_one(f"#{i}", Static) for i in ("q-head", "q-stem", "q-options", "q-hint", "q-feedback"))
        if question is None:
            head.update("No question matches this filter.")
            for w in (stem, options, hint_w, feedback):
                w.update("")
            return
        if answered is None:
            head.update(literal_line(question.difficulty, style="italic"))
        else:
            tags = ", ".join(question.tags)
            head.update(literal_line(f"{question.id} · {question.difficulty}" + (f" · {tags}" if tags else ""), style="italic"))
        stem.update(literal(question.stem.strip()))
        options.update(self._options_text(question, shown_options(question, order), picked, answered))
        hint_w.update(Text(hint))
        feedback.update(self._feedback_text(question) if answered is not None else Text(""))
        feedback.display = answered is not None

    def _style(self, name: str):
        return self.get_component_rich_style(f"question-card--{name}", partial=True)

    def _options_text(self, question: "Question", shown: "list[Option]", picked: list[str], answered: tuple[str, ...] | None) -> Table:
        """One row per option; a grid keeps wrapped lines indented under the option's text."""
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        multi = question.choose > 1
        for i, option in enumerate(shown):
            keys = f"{option_keys(i):>3}"
            if answered is None:
                chosen = option.id in picked
                box = ("☒" if chosen else "☐") if multi else ("◉" if chosen else "○")
                grid.add_row(Text(f"{box} {keys}"), literal(option.text, style=self._style("picked") if chosen else ""))
                continue
            mark = Text("✓" if option.correct else "✗", style=self._style("right" if option.correct else "wrong"))
            body = literal(option.text)
            if option.id in answered:
                body.append("  ← you", style="bold")
            body.append("\n" + ("right: " if option.correct else "wrong: ") + visible(option.why.strip()), style=self._style("muted"))
            grid.add_row(Text.assemble(mark, f" {keys}"), body)
        return grid

    def _feedback_text(self, question: "Question") -> RenderableType:
        text = Text()
        text.append("Explanation\n", style="bold underline")
        text.append(visible(question.explanation.strip()))
        if not question.references:
            return text
        text.append("\n\nReferences", style="bold underline")
        return Group(text, references_grid(question.references))


def references_grid(references: "list[str]") -> Table:
    """One reference a line; an address is never broken across lines (see OneLineUrl)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for ref in references:
        grid.add_row("•", literal(ref) if " " in ref.strip() else OneLineUrl(visible_line(ref)))  # words wrap as prose
    return grid


class OneLineUrl:
    """A URL on one line. Wider than the card, its middle gives way to '…' so the site and the page
    stay readable; its link (where the terminal shows links) still holds the whole address."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(8, len(self.url)), len(self.url))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        url, width = self.url, options.max_width
        if cell_len(url) > width:
            site = url.find("/", url.find("://") + 3) if "://" in url else -1
            head = min(site if site > 0 else (width - 1) // 2, (width - 1) * 2 // 3)
            tail = width - 1 - head
            url = url[:head] + "…" + (url[-tail:] if tail > 0 else "")
        yield Text(url, style=Style(link=self.url), no_wrap=True, overflow="crop")
