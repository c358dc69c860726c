"""The bundled content library, loaded once per test process and shared read-only.

A load takes over a second, and several test modules need it at collection (to parametrize by question),
in every pytest-xdist worker. Tests must not change it; one that needs a changed library loads its own.
Only the bundled folder, never `$QUIZSIM_CONTENT` (which the tests clear for each test anyway).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizsim.content import Library


@cache
def bundled_library() -> "Library":
    from quizsim.content import load_library
    from quizsim.paths import bundled_content_dir

    return load_library([bundled_content_dir()])
