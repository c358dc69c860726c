"""Racing options on one seed and revealing them at a chosen speed: runs, series, playback, chart text.

Never imports Textual or Rich; the TUI draws what this package computes.
"""
