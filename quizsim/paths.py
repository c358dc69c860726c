"""Where quizsim finds its bundled content and keeps the learner's data."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "quizsim"
HOME_ENV = "QUIZSIM_HOME"
CONTENT_ENV = "QUIZSIM_CONTENT"


def bundled_content_dir() -> Path:
    """The bundled packs: inside the wheel when installed, `content/` of the checkout when editable."""
    package_dir = Path(__file__).resolve().parent
    in_wheel = package_dir / "_bundled_content"
    if in_wheel.is_dir():
        return in_wheel
    return package_dir.parent / "content"


def user_data_dir() -> Path:
    """The learner's data folder: `$QUIZSIM_HOME` if set, else the platform's user data folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override).expanduser()
    else:
        from platformdirs import user_data_path

        path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def content_dirs_from_env() -> list[Path]:
    """Extra content folders named by `$QUIZSIM_CONTENT` (an os.pathsep-separated list)."""
    raw = os.environ.get(CONTENT_ENV, "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]
