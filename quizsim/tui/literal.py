"""Content shown as written: the one place the TUI turns a content string into something to display.

Packs come from anywhere. Rich and Textual read `[bold]`, `[@click=app.quit]` and `[link=...]` in a
plain str as markup (a live action in the last two cases), and a terminal obeys the escapes a string may
hold. So every string from content reaches a widget through one of these: a `Text` (never parsed as
markup), or, for the APIs that only take markup strings (tree labels, palette titles and help,
`notify`), a string escaped with Rich's own `escape`. Control and bidi characters that got past
validation (it refuses them) are shown as visible escapes by `quizsim.text_safety`.
"""

from __future__ import annotations

from rich.markup import escape
from rich.style import Style
from rich.text import Text

from quizsim.text_safety import visible, visible_line


def literal(text: str, style: str | Style = "") -> Text:
    """`text` exactly as written, control characters visibly escaped; line breaks kept."""
    return Text(visible(text), style=style)


def literal_line(text: str, style: str | Style = "") -> Text:
    """`literal` for one-line places (a tree label, a header): line breaks and tabs escaped too."""
    return Text(visible_line(text), style=style)


def markup_literal(text: str) -> str:
    """For APIs that parse markup from a str: `text` shown as written once they have parsed it."""
    return escape(visible_line(text))
