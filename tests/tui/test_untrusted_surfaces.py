"""Every TUI surface shows content literally (issue 14): markup stays text, click actions never run,
and terminal escapes that got past validation are shown as visible escapes, never sent raw.

The pack is tests/content/untrusted_pack.py's, each string also carrying a screenshot click action
(run, it would write a file in the test's folder) and the stem a file: link.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from quizsim.content import load_library
from quizsim.study.playlist import Playlist, PlaylistItem
from quizsim.tui.app import make_app
from quizsim.tui.modals.problems import ProblemsScreen
from quizsim.tui.modals.tag_filter import TagFilterScreen
from quizsim.tui.screens.practice import PracticeScreen
from quizsim.tui.screens.presenter import PresenterScreen
from tests.content.untrusted_pack import MARKUP, SHORT_MARKUP, write_pack
from tests.tui.support import screen_as_text, screen_text, settle, wait_for

SHOT = "[@click=app.screenshot('shot.svg','.')]shot[/]"
"""Run, this action would write shot.svg into the working folder (the test's tmp_path)."""
LINK = "[link=file:///etc/passwd]passwd[/link]"
REDTITLE = "[bold red]REDTITLE[/]"
TAGCLICK = "[@click=app.quit]tagclick[/]"
OSC = "\x1b]0;OSC\x07"
ANSI = "\x1b[31mANSI\x1b[0m"
ESCAPES = f" {ANSI} {OSC} \u202e"
"""Added to every string after loading (validation refuses them), to show the screen escapes them."""
SIZE = (200, 60)


def write_markup_pack(root: Path) -> Path:
    folder = write_pack(root / "hostile", hostile=False)
    for file in folder.glob("*.yaml"):
        text = file.read_text(encoding="utf-8").replace(MARKUP, f"{MARKUP} {SHOT}")
        file.write_text(text.replace('stem: "', f'stem: "{LINK} '), encoding="utf-8")
    return folder


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)  # where the screenshot action would write
    return tmp_path


@pytest.fixture
def library(workdir):
    library = load_library([write_markup_pack(workdir)])
    assert not library.problems, [p.format() for p in library.problems]
    return library


def with_escapes(library):
    """The library with ESCAPES appended to every string a screen shows, bypassing validation."""
    def esc(text: str) -> str:
        return text + ESCAPES

    for pack in library.packs.values():
        pack.title, pack.description = esc(pack.title), esc(pack.description or "")
    for qid, q in list(library.questions.items()):
        options = [o.model_copy(update={"text": esc(o.text), "why": esc(o.why)}) for o in q.options]
        library.questions[qid] = q.model_copy(update={
            "stem": esc(q.stem), "domain": esc(q.domain or ""), "tags": [esc(t) for t in q.tags], "options": options,
            "explanation": esc(q.explanation), "references": [esc(r) for r in q.references],
        })
    for sid, s in list(library.scenarios.items()):
        phases = [p.model_copy(update={"label": esc(p.label or "")}) for p in s.workload.phases]
        library.scenarios[sid] = s.model_copy(update={
            "title": esc(s.title or ""), "description": esc(s.description or ""),
            "workload": s.workload.model_copy(update={"phases": phases}),
        })
    for bid, b in list(library.backends.items()):
        library.backends[bid] = b.model_copy(update={"title": esc(b.title or "")})
    return library


def where(app, needle: str) -> tuple[int, int]:
    """Screen (x, y) of the first cell of `needle` as drawn."""
    for y, line in enumerate(screen_as_text(app).splitlines()):
        if (x := line.find(needle)) >= 0:
            return x, y
    raise AssertionError(f"{needle!r} is not on screen:\n{screen_as_text(app)}")


async def click_does_nothing(pilot, workdir: Path, needle: str) -> None:
    """Click where `needle` is drawn: no action of the content runs (the app runs on, no file appears)."""
    x, y = where(pilot.app, needle)
    await pilot.click(offset=(x + 1, y))
    await pilot.pause()
    assert pilot.app.is_running
    assert not list(workdir.glob("*.svg"))


def assert_literal(text: str, *pieces: str) -> None:
    for piece in pieces:
        assert piece in text, f"{piece!r} not shown literally in:\n{text}"


def assert_no_raw_escape(app) -> None:
    drawn = screen_as_text(app)
    assert "\x1b" not in drawn and "\u202e" not in drawn and "\x07" not in drawn


async def open_practice(pilot) -> PracticeScreen:
    """Practise the hostile pack from its tree node (so the header carries the pack's title)."""
    await pilot.pause()
    await pilot.press("down", "enter")  # the root, then the pack
    await pilot.pause()
    assert isinstance(pilot.app.screen, PracticeScreen)
    return pilot.app.screen


async def answer(pilot) -> None:
    await pilot.press("a", "enter")
    await settle(pilot)
    await pilot.press("j")  # to the end: the verdict shows
    await pilot.pause()


async def test_home_tree_shows_pack_title_and_tags_literally(library, workdir) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        drawn = screen_as_text(app)
        assert_literal(drawn, f"Styled {REDTITLE} {TAGCLICK} unbalanced [/]", f"{SHORT_MARKUP} (1)")
        tree = app.screen.query_one("#pack-tree")
        assert "red" not in str(tree.root.children[0].label.spans)
        await click_does_nothing(pilot, workdir, "tagclick[/] unbalanced")  # selecting the pack is all it does


async def test_clicking_a_tag_that_carries_a_click_action_runs_nothing(library, workdir) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        x, y = where(app, "[@click=app.quit]tagclick[/] [/] (1)")
        await pilot.click(offset=(x + len("[@click=app.quit]") + 2, y))  # on the word 'tagclick'
        await pilot.pause()
        assert app.is_running


async def test_question_card_header_and_scenario_preview(library, workdir) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        text = screen_text(app)
        header = app.screen.query_one("#practice-header").content.plain
        assert_literal(header, f"Styled {REDTITLE} {TAGCLICK} unbalanced [/] {SHOT}")
        assert_literal(text, f"{LINK} Styled {REDTITLE}", "The scenario: Styled [bold red]REDTITLE[/]")
        assert_literal(screen_text(app), f"{MARKUP} {SHOT}")  # option A's text, the scenario's description
        await click_does_nothing(pilot, workdir, "shot[/]")
        await click_does_nothing(pilot, workdir, "passwd[/link]")


async def test_feedback_why_explanation_references_and_tags(library, workdir) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        await answer(pilot)
        assert_literal(screen_text(app), f"hostile-question · application · {SHORT_MARKUP}", f"right: {MARKUP} {SHOT}", f"wrong: {MARKUP}")
        assert_literal(screen_text(app), "Explanation", f"{MARKUP} {SHOT}", f"https://example.com/{MARKUP}")
        await click_does_nothing(pilot, workdir, "shot[/]")


async def test_consequence_panel_verdict_and_event_log(library, workdir) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        await answer(pilot)
        events = app.screen.query_one("#cq-events")
        assert_literal(screen_text(app), "Verdict:", f"({SHORT_MARKUP})")  # the phase label in the event log
        assert SHORT_MARKUP in screen_as_text(app)
        await click_does_nothing(pilot, workdir, f"({SHORT_MARKUP})")
        assert events.is_attached


async def test_compare_all(library, workdir) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        await answer(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause()
        text = screen_text(app)
        assert_literal(text, "All options, same seed", f"({SHORT_MARKUP})", f"{MARKUP} {SHOT}")
        await click_does_nothing(pilot, workdir, "shot[/]")


async def test_tag_filter_lists_tags_literally(library, workdir) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, TagFilterScreen)
        assert_literal(screen_as_text(app), f"{SHORT_MARKUP} (1)")
        await click_does_nothing(pilot, workdir, "tagclick[/] [/] (1)")


async def test_command_palette_option_titles(library, workdir) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_practice(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: "Pick A: Styled" in screen_as_text(app))
        await settle(pilot)
        assert_literal(screen_as_text(app), f"Pick A: Styled {REDTITLE} [@click=app.")
        await pilot.press(*"REDTITLE")  # searching keeps the title literal too
        await settle(pilot)
        await wait_for(pilot, lambda: "Pick A: Styled" in screen_as_text(app))
        assert_literal(screen_as_text(app), f"Pick A: Styled {REDTITLE} [@click=app.")
        await click_does_nothing(pilot, workdir, "tagclick[/]")


async def test_problems_screen_quotes_content_literally(workdir) -> None:
    bad = workdir / "bad"
    bad.mkdir()
    (bad / "content.yaml").write_text(
        "questions:\n  - id: bad-question\n    tags: [x]\n    stem: Which?\n"
        f"    scenario: \"{REDTITLE} {SHORT_MARKUP}\"\n    judge: {{metric: p99_latency_ms}}\n"
        "    options:\n      - {id: a, text: A, correct: true, why: w}\n      - {id: b, text: B, why: w}\n"
        "    explanation: e\n",
        encoding="utf-8",
    )
    library = load_library([write_markup_pack(workdir), bad])
    assert len(library.problems) == 1
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert_literal(screen_text(app), f"'{REDTITLE} {SHORT_MARKUP}' is not a valid id")
        await click_does_nothing(pilot, workdir, "tagclick[/]")


async def test_toast_quotes_a_loading_error_literally(workdir) -> None:
    def loader():
        raise ValueError(f"bad pack {REDTITLE} {TAGCLICK}{OSC}")

    app = make_app(loader=loader)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            toasts = list(app.screen.query(Toast))
            if toasts:
                break
        [toast] = toasts
        await wait_for(pilot, lambda: "tagclick" in screen_as_text(app))  # laid out and drawn
        shown = toast.render().plain
        assert " ".join(shown.split()) == f"Could not load content: bad pack {REDTITLE} {TAGCLICK}\\x1b]0;OSC\\x07"
        assert_no_raw_escape(app)
        await click_does_nothing(pilot, workdir, "tagclick")  # a click dismisses the toast, nothing more


async def test_escapes_that_bypass_validation_are_shown_escaped_everywhere(library, workdir) -> None:
    app = make_app(with_escapes(library))
    shown = "\\x1b[31mANSI\\x1b[0m \\x1b]0;OSC\\x07 \\u202e"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_literal(screen_as_text(app), "\\x1b[31mANSI")  # the pack's title in the tree
        assert_no_raw_escape(app)
        await open_practice(pilot)
        assert_literal(screen_text(app), shown)
        assert_no_raw_escape(app)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await wait_for(pilot, lambda: "Pick A" in screen_as_text(app))  # the palette lists the options
        assert_literal(screen_as_text(app), "\\x1b[31mANSI")
        assert_no_raw_escape(app)
        await pilot.press("escape", "f")
        await pilot.pause()
        assert_literal(screen_as_text(app), "\\x1b[31m")  # the tag
        assert_no_raw_escape(app)
        await pilot.press("down", "enter")  # filter by it: the header names the tag
        await pilot.pause()
        assert_literal(app.screen.query_one("#practice-header").content.plain, "· tag [@click=app.quit]tagclick[/] [/] \\x1b[31m")
        assert_no_raw_escape(app)
        await answer(pilot)
        assert_literal(screen_text(app), f"right: {MARKUP}", "\\x1b]0;OSC\\x07 \\u202e", f"https://example.com/{MARKUP}")
        assert_no_raw_escape(app)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause()
        assert_literal(screen_text(app), "\\x1b]0;OSC")  # the event log's phase label
        assert_no_raw_escape(app)


@pytest.mark.parametrize("escaped", [False, True], ids=["markup", "escapes"])
async def test_presenter_stem_votes_title_and_events(library, workdir, escaped) -> None:
    library = with_escapes(library) if escaped else library
    playlist = Playlist(title=f"Class {REDTITLE} {TAGCLICK}", seed=7, items=[PlaylistItem(question="hostile-question")])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(PresenterScreen(library, playlist))
        await pilot.pause()
        await pilot.press("1", "2")  # a vote each
        drawn = screen_as_text(app)
        assert_literal(drawn, f"Class {REDTITLE} {TAGCLICK}", f"{LINK} Styled {REDTITLE}", f"Styled {REDTITLE} {TAGCLICK}")
        await pilot.press("g")  # race every option
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause()
        assert_literal(screen_as_text(app), f"({SHORT_MARKUP}")  # the phase label in the events line
        if escaped:
            assert_literal(screen_as_text(app), "\\x1b[31mANSI")
        assert_no_raw_escape(app)
        await click_does_nothing(pilot, workdir, "tagclick[/]")


async def test_a_stem_at_the_limit_with_nine_options_renders_promptly(workdir) -> None:
    from quizsim.content.limits import MAX_OPTIONS, MAX_STEM_CHARS, MAX_TEXT_CHARS

    words = ("[b]x[/b] " * MAX_STEM_CHARS)[: MAX_STEM_CHARS - 1] + "?"
    options = "".join(
        f"      - id: o{i}\n        text: \"{('[i]y[/i] ' * MAX_TEXT_CHARS)[: MAX_TEXT_CHARS]}\"\n"
        f"        why: because\n        simulate: {{set: {{store.servers: {i + 2}}}}}\n"
        + ("        correct: true\n" if i == 0 else "")
        for i in range(MAX_OPTIONS)
    )
    folder = workdir / "big"
    folder.mkdir()
    (folder / "content.yaml").write_text(
        "scenarios:\n  - id: big-scenario\n    duration_s: 60\n    workload: {arrival: {rate_per_s: 10}}\n"
        "    store: {kind: queue, servers: 2, service_time: {dist: exponential, mean_ms: 5}}\n"
        f"questions:\n  - id: big-question\n    tags: [big]\n    stem: \"{words}\"\n    scenario: big-scenario\n"
        f"    judge: {{metric: p99_latency_ms}}\n    options:\n{options}    explanation: e\n",
        encoding="utf-8",
    )
    library = load_library([folder])
    assert not library.problems, [p.format() for p in library.problems]
    assert len(library.questions["big-question"].stem) == MAX_STEM_CHARS
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        started = time.perf_counter()
        await open_practice(pilot)
        assert_literal(screen_text(app), "[b]x[/b] [b]x[/b]", "○   9 [i]y[/i]")
        await pilot.press("pagedown", "pagedown", "a", "enter")
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause()
        assert_literal(screen_text(app), "right: because", "Verdict:")
        elapsed_s = time.perf_counter() - started
        assert elapsed_s < 30, f"{elapsed_s:.1f} s to show and answer the largest question"
