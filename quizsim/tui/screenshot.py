"""Screenshots (the palette's "Screenshot", `action_screenshot`) go to the data folder's `screenshots/`.

Textual saves them to the platform's Downloads folder, which need not exist (then the toast says only
"Failed to save screenshot"). Here the folder is created on demand and the toast names the full path.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from textual import events

from quizsim.paths import user_data_dir

SCREENSHOT_DELIVERY = "quizsim-screenshot"
"""The delivery name: Textual's own screenshot toasts listen for "screenshot" and stay quiet for this one."""


def screenshot_dir() -> Path:
    return (user_data_dir() / "screenshots").resolve()


def screenshot_filename(now: datetime, time_format: str | None = None) -> str:
    # Microseconds by default: two screenshots in the same second never overwrite each other.
    return f"quizsim_{now.strftime(time_format or '%Y-%m-%d_%H-%M-%S_%f')}.svg"


class SavesScreenshots:
    """App mixin: save screenshots where they can be found, and say where."""

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        try:
            folder = Path(path).expanduser().resolve() if path else screenshot_dir()
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            where = exc.filename or path or "the data folder"
            self._screenshot_failed(f"cannot create the folder {where} ({exc.strerror or exc})")
            return None
        svg = self.export_screenshot()  # type: ignore[attr-defined]
        return self.deliver_text(  # type: ignore[attr-defined]
            io.StringIO(svg),
            save_directory=folder,
            save_filename=filename or screenshot_filename(datetime.now(), time_format),
            open_method="browser",
            mime_type="image/svg+xml",
            name=SCREENSHOT_DELIVERY,
        )

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        if event.name == SCREENSHOT_DELIVERY:
            where = f"Saved to {event.path}" if event.path is not None else "Sent to the browser"
            self.notify(where, title="Screenshot", markup=False, timeout=10)  # type: ignore[attr-defined]

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == SCREENSHOT_DELIVERY:
            self._screenshot_failed(str(event.exception))

    def _screenshot_failed(self, reason: str) -> None:
        self.notify(f"Not saved: {reason}", title="Screenshot", severity="error", markup=False, timeout=10)  # type: ignore[attr-defined]
