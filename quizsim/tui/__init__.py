"""The Textual face of quizsim. Only this package imports Textual."""
