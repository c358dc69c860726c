"""Themes: Textual's dark and light, plus a high-contrast one; `t` cycles through them."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="quizsim-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    warning="#FFB000",
    error="#FF5555",
    success="#55FF55",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#333333",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)

THEME_CYCLE = ("textual-dark", "textual-light", HIGH_CONTRAST.name)
