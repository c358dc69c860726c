"""How large content may be. Packs come from anywhere; these bounds keep a mistaken or hostile pack
from freezing a screen, and each is far above what a real question needs (the README's
"Writing content" lists them; the JSON Schema carries them as maxLength / maxItems)."""

from __future__ import annotations

MAX_ID_CHARS = 64
"""Ids of questions, scenarios and backend profiles (the longest bundled one has 35)."""
MAX_TITLE_CHARS = 120
"""Pack, scenario and backend titles, and a question's domain."""
MAX_STEM_CHARS = 4_000
"""A question's stem; the longest exam stems are about 1,500 characters."""
MAX_EXPLANATION_CHARS = 4_000
MAX_WHY_CHARS = 2_000
"""Per-option feedback."""
MAX_DESCRIPTION_CHARS = 2_000
"""Pack and scenario descriptions."""
MAX_TEXT_CHARS = 1_000
"""Any other text, an option's text included."""
MAX_OPTIONS = 9
"""Options of one question: digits 1-9 pick them."""
MAX_TAGS = 20
MAX_TAG_CHARS = 40
MAX_REFERENCES = 20
MAX_REFERENCE_CHARS = 500
"""One reference URL."""
MAX_LABEL_CHARS = 60
"""A traffic phase's label, shown in event logs."""
