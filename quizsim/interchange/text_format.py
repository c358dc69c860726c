"""Text formats a bank may mark ([html], [markdown], [plain], [moodle]) turned into the plain text quizsim
shows. quizsim never interprets text, so HTML becomes its words; Markdown reads as it is written."""

from __future__ import annotations

import re
from html.parser import HTMLParser

FORMATS = ("html", "markdown", "plain", "moodle")
_FORMAT = re.compile(r"\s*\[(html|markdown|plain|moodle)\]")
_BLOCK_TAGS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol", "table"}


def split_format(text: str, inherited: str = "moodle") -> tuple[str, str]:
    """('html', rest) when `text` starts with [html]; (inherited, text) when it names no format."""
    match = _FORMAT.match(text)
    if match is None:
        return inherited, text
    return match.group(1), text[match.end():]


def starts_with_format(text: str) -> bool:
    return _FORMAT.match(text) is not None


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The words of an HTML fragment: tags dropped, entities decoded, block elements on their own lines."""
    parser = _Words()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
