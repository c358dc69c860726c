"""The quizsim Textual application and the factory shared by the CLI and the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quizsim.text_safety import visible, visible_line
from quizsim.tui.literal import markup_literal
from quizsim.tui.screens.home import HomeScreen
from quizsim.tui.screenshot import SavesScreenshots
from quizsim.tui.themes import HIGH_CONTRAST, THEME_CYCLE

if TYPE_CHECKING:
    from quizsim.content import Library


class QuizsimApp(SavesScreenshots, App[None]):
    """Home screen first; practice screens are pushed on top of it."""

    TITLE = "quizsim"
    SUB_TITLE = "cloud architecture practice"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app-help", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, id="app-quit"),
    ]

    def __init__(self, library: "Library | None" = None, loader: Callable[[], "Library"] | None = None) -> None:
        super().__init__()
        self.library = library
        self._loader = loader
        self.race_pool = None
        """Warm worker processes for the races (quizsim.race.pool), started after the first frame."""

    def get_default_screen(self) -> Screen:
        return HomeScreen()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.library is None and self._loader is not None:
            # Load after the first frame so the home screen shows at once.
            self.call_after_refresh(self._load_library)
        elif self.library is not None:
            self.call_after_refresh(self._start_race_pool)

    def on_unmount(self) -> None:
        if self.race_pool is not None:
            self.race_pool.shutdown()  # no worker process outlives the app

    def _start_race_pool(self) -> None:
        if self.race_pool is None and self.library is not None and self.is_running:
            import threading

            from quizsim.race.pool import RacePool

            self.race_pool = RacePool()
            # A plain thread, not a Textual worker: nothing waits for it; races run in-process until it is warm.
            threading.Thread(
                target=self._warm_race_pool, args=(self.race_pool, self.library), name="quizsim-pool-start", daemon=True
            ).start()

    def _warm_race_pool(self, pool, library: "Library") -> None:
        """Start the workers and warm them on the first question; say once if they cannot run here."""
        from quizsim.race.pool import PoolUnavailable
        from quizsim.race.runner import first_resolved

        try:
            pool.start(first_resolved(library, next(iter(library.questions.values()), None)))
        except PoolUnavailable as exc:
            if pool.workers > 0 and not pool.closed:
                try:
                    self.call_from_thread(
                        self.notify, visible(f"Simulations run inside the app, more slowly: worker processes could not start ({exc})."),
                        severity="warning", timeout=10, markup=False,
                    )
                except RuntimeError:
                    pass  # the app closed meanwhile

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_library(self) -> None:
        try:
            library = self._loader()
        except Exception as exc:
            self.call_from_thread(self.notify, visible(f"Could not load content: {exc}"), severity="error", timeout=30, markup=False)
            return
        self.call_from_thread(self._library_loaded, library)

    def _library_loaded(self, library: "Library") -> None:
        self.library = library
        self._start_race_pool()
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_library(library)

    # ---- actions available everywhere -------------------------------------------------------

    def start_practice(self, pack_id: str | None, tag: str | None) -> None:
        from quizsim.tui.screens.practice import PracticeScreen

        library = self.library
        if library is None:
            self.notify("Content is still loading.")
            return
        if pack_id is None:
            ids = [qid for pack in library.packs.values() for qid in pack.question_ids]
            title = "All packs"
        else:
            pack = library.packs[pack_id]
            ids, title = list(pack.question_ids), visible_line(pack.title)  # shown in the header
        if not ids:
            self.notify("No questions here yet.", severity="warning")
            return
        self.pop_to_home()
        self.push_screen(PracticeScreen(library, ids, title, tag=tag))

    def pop_to_home(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from quizsim.tui.compat import SafeCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        from quizsim.tui.compat import SafeCommandPalette

        self.push_screen(SafeCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def search_commands(self, commands, placeholder: str = "Search for commands…"):  # type: ignore[override]
        from textual.command import SimpleProvider

        from quizsim.tui.compat import SafeCommandPalette

        return self.push_screen(SafeCommandPalette(providers=[SimpleProvider(self.screen, commands)], placeholder=placeholder))

    def action_help(self) -> None:
        from quizsim.tui.modals.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_next_theme(self) -> None:
        current = self.theme if self.theme in THEME_CYCLE else THEME_CYCLE[-1]
        self.theme = THEME_CYCLE[(THEME_CYCLE.index(current) + 1) % len(THEME_CYCLE)]
        self.notify(f"Theme: {self.theme}")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key binding of the current screen is also a palette command."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys", "Show every key of every screen", self.action_help)
        yield SystemCommand("Next theme", "Cycle dark, light and high-contrast themes", self.action_next_theme)
        for title, help_text, callback in getattr(screen, "palette_commands", lambda: [])():
            # The palette parses titles and help as markup; these quote content (an option's text).
            yield SystemCommand(markup_literal(title), markup_literal(help_text), callback)
        seen: set[str] = set()
        for binding in getattr(screen, "BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.description or binding.action in seen:
                continue
            if binding.action.startswith("app.") or binding.action.startswith("pick("):
                continue
            seen.add(binding.action)
            name = binding.action.split("(")[0]
            if screen.check_action(name, ()) is False:
                continue
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} (key: {binding.key_display or binding.key})",
                lambda action=binding.action: self.call_later(screen.run_action, action),
            )


def make_app(library: "Library | None" = None, loader: Callable[[], "Library"] | None = None) -> QuizsimApp:
    """Build the app from a loaded library, or from a loader run after the first frame."""
    return QuizsimApp(library=library, loader=loader)
