"""The consequence panel's layout as a learner sees it at 80×24 (stacked) and 120×40 (side by side):
scrolling, a clean slate for each run, a compare-all table that reads as a table, an event log
without authoring hints, references that keep their addresses whole, and `?` in the footer.

Assertions read the screen as the terminal shows it (tests.tui.support.screen_as_text).
"""

from __future__ import annotations

import re
import textwrap

import pytest

from quizsim.tui.app import make_app
from quizsim.tui.widgets.consequence import ConsequencePanel
from quizsim.tui.widgets.line_chart import LineChart
from tests.tui.support import _rich_plain, practice_library, screen_as_text, settle, write_extra_pack

BUSIEST = "ss-serverless-autoscaling-recall"
"""The bundled question with the most options (5, choose two) and a requirement (no servers)."""

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _written_order(monkeypatch):
    """Options keep their written order and letters, so keys below pick known options."""
    monkeypatch.setenv("QUIZSIM_SEED", "as-written")


@pytest.fixture
def library(tmp_path):
    return practice_library(tmp_path)


async def open_question(pilot, question_id: str):
    await pilot.press("p")
    await pilot.pause()
    screen = pilot.app.screen
    if screen.session.current != question_id:
        # g and the id, as a learner would: pressing n through the bundled packs took seconds.
        await pilot.press("g")
        await pilot.pause()
        pilot.app.screen.query_one("#goto-input").value = question_id
        await pilot.press("enter")
        await pilot.pause()
    assert pilot.app.screen is screen and screen.session.current == question_id
    await pilot.pause()
    return screen


async def finish(pilot) -> ConsequencePanel:
    await settle(pilot)
    await pilot.press("j")
    await pilot.pause()
    return pilot.app.screen.query_one(ConsequencePanel)


async def compare_all(pilot, question_id: str, picks: str) -> ConsequencePanel:
    """Answer `question_id` with `picks`, then race every option to the end."""
    await open_question(pilot, question_id)
    await pilot.press(*picks, "enter")
    await finish(pilot)
    await pilot.press("c")
    return await finish(pilot)


def region_lines(app, widget) -> list[str]:
    """The screen's lines inside `widget`'s visible content (border, padding and scrollbar cut off)."""
    region = widget.content_region.intersection(widget.screen.region)
    if widget.parent is not None:
        region = region.intersection(widget.parent.scrollable_content_region)
    screen = screen_as_text(app).splitlines()
    lines = [(screen[y] if y < len(screen) else "").ljust(region.right) for y in range(region.y, region.bottom)]
    return [line[region.x:region.right].rstrip() for line in lines]


async def show(pilot, widget) -> list[str]:
    """Scroll `widget` into view the way the screen would, then read it."""
    pilot.app.screen.scroll_to_widget(widget, animate=False, top=True)
    await pilot.pause()
    await pilot.pause()
    return region_lines(pilot.app, widget)


# ---- 1. Compare all on the busiest bundled question, read three ways ----------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_compare_all_of_the_busiest_question_scrolls_fits_and_logs(bundled_library, size) -> None:
    # One compare-all per size (each takes seconds); the checks below start from the top of the panel,
    # as a fresh run leaves it, and each says what it is about.
    app = make_app(bundled_library)
    async with app.run_test(size=size) as pilot:
        panel = await compare_all(pilot, BUSIEST, "ab")
        stem_start = " ".join(bundled_library.questions[BUSIEST].stem.split()[:5])
        await page_down_reaches_the_end_of_compare_all_and_the_event_log(pilot, panel, size, stem_start)
        await compare_all_table_fits_with_no_wrapped_row_or_raw_name(pilot, panel)
        if size == (120, 40):
            await event_log_has_no_authoring_hints_and_indents_wrapped_lines(pilot, panel)


# ---- 2. PgUp / PgDn scroll the panel ----------------------------------------------------------------


async def page_down_reaches_the_end_of_compare_all_and_the_event_log(pilot, panel, size, stem_start) -> None:
    app = pilot.app
    last_event = panel.view.visible_events()[-1][1].text.strip()
    pilot.app.screen.query_one("#card").focus()  # a focused card must not take the keys for itself
    seen: list[str] = []
    for _ in range(12):
        await pilot.press("pagedown")
        await pilot.pause()
        seen.append(screen_as_text(app))
    rows = "\n".join(seen)
    assert "★ wins on" in rows, "the compare-all caption is out of reach"
    assert "Events" in rows
    assert last_event[:30] in seen[-1], f"the last event {last_event!r} is out of reach"
    for letter in "ABCDE":
        assert re.search(rf"(^|│ ){letter}( ← you)? +[✓✗] ", rows, re.M), f"row {letter} never shown"
    for _ in range(12):
        await pilot.press("pageup")
    await pilot.pause()
    # Back at the top: of the panel side by side, of the card above it when stacked.
    top = "Compare all: every option" if size[0] >= 110 else stem_start
    assert top in screen_as_text(app)


async def test_end_jumps_to_the_end_of_the_run_even_when_the_card_has_focus(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 24)) as pilot:  # short: the card scrolls, so it wants End too
        await open_question(pilot, "tui-queue-servers")
        await pilot.press("b", "enter", "space")  # paused: only a key can move the playhead now
        await settle(pilot)
        panel = app.screen.query_one(ConsequencePanel)
        assert panel.view.playback.paused and not panel.view.playback.at_end
        card = app.screen.query_one("#card")
        card.focus()
        assert card.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert panel.view.playback.at_end
        assert "Verdict: p99" in panel_words(panel)


# ---- 3. A new run starts on a clean panel -------------------------------------------------------------


async def test_no_verdict_events_or_chart_of_the_last_run_while_the_next_one_runs(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_question(pilot, "tui-queue-servers")
        await pilot.press("b", "enter")
        panel = await finish(pilot)
        chart = panel.query_one(LineChart)
        assert "yours B" in panel_words(panel) and "surge" in panel_words(panel)

        # r and c: the finished run's verdict and events go at once, before any data of the new run.
        for start, old in ((screen.action_new_seed, "yours B"), (screen.action_compare_all, "yours B")):
            start()
            words = panel_words(panel)
            assert old not in words and "surge" not in words, f"{start.__name__}: {words}"
            assert chart.first_data_frame_at is None
            await finish(pilot)
        assert "All options" in panel_words(panel)

        # n, then the next question: nothing of this one's outcome while that run goes on.
        await pilot.press("n")
        await pilot.pause()
        assert screen.session.current == "tui-queue-long"
        await pilot.press("b")
        screen.action_submit()
        for _ in range(5):
            assert panel.running
            words = panel_words(panel)
            assert "All options" not in words and "surge" not in words and "yours B" not in words, words
            await pilot.pause(0.05)
        await pilot.press("escape")
        await settle(pilot)


def panel_words(panel: ConsequencePanel) -> str:
    """What the panel's texts hold now: the next frame draws exactly this."""
    from textual.widgets import Static

    return "\n".join(_rich_plain(widget.content) for widget in panel.query(Static))


# ---- 4. The compare-all table fits -------------------------------------------------------------------


async def compare_all_table_fits_with_no_wrapped_row_or_raw_name(pilot, panel) -> None:
    lines = await show(pilot, panel.query_one("#cq-verdict"))
    header = next(i for i, line in enumerate(lines) if line.startswith("option"))
    caption = next(i for i, line in enumerate(lines) if line.startswith("★ wins on"))
    assert re.findall(r"\S+", lines[header]) == ["option", "key", "scales", "p99", "errors", "lost", "$/month", "sim"]
    assert lines[header - 1].strip() == "★ auto-"  # the judged trait's header, on two lines
    rows = [line for line in lines[header + 1:caption] if not set(line) <= set("─ ")]
    assert len(rows) == 5, rows  # one line per option: none wrapped
    for row in rows:
        assert re.match(r"[A-E]( ← you)? +[✓✗] +(yes|no) +[\d.,]+ m?s +[\d,]+ +[\d,]+ +\$[\d,]+(\.\d\d)?( +(★|!))?$", row), row
    table = "\n".join(lines[header:])
    assert "_" not in table and "…" not in table
    assert "! breaks the requirement: no servers to manage" in table


# ---- 5. The event log -----------------------------------------------------------------------------------

HINT = re.compile(r"\b[a-z]+_[a-z_]+\b|\bstore\.[a-z]|\bauthors?\b|\bset [a-z_.]+ to\b", re.I)


async def event_log_has_no_authoring_hints_and_indents_wrapped_lines(pilot, panel) -> None:
    events = panel.view.visible_events()
    assert any("store node failure" in e.text for _, e in events)  # the event that carried a hint
    for _, event in events:
        assert not HINT.search(event.text), event.text
    lines = [line for line in await show(pilot, panel.query_one("#cq-events")) if line.strip()]
    assert lines[0] == "Events"
    bar = lines[1].index("│")
    assert any(not line[:bar].strip() for line in lines[1:]), "no event wraps: the check below proves nothing"
    for line in lines[1:]:
        assert line[bar:bar + 1] == "│", f"not indented under the event text: {line!r}"
        assert re.fullmatch(r"[A-E,]*", line[:bar].strip()), line


# ---- 6. References keep their addresses whole ---------------------------------------------------------

LONG_URL = (
    "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/"
    "BestPractices.SessionStoreForWebApplicationsWithAutoScalingGroups.html"
)
SHORT_URL = "https://aws.amazon.com/caching/"


def pack_with_references(root):
    folder = write_extra_pack(root)
    (folder / "refs.yaml").write_text(textwrap.dedent(f"""
        questions:
          - id: tui-references
            tags: [tui-test]
            stem: Which server count gives the LOWEST p99 latency?
            scenario: tui-queue
            judge: {{metric: p99_latency_ms}}
            options:
              - id: a
                text: Eight servers
                correct: true
                why: Lightly loaded.
                simulate: {{set: {{store.servers: 8}}}}
              - id: b
                text: Three servers
                why: Heavily loaded.
                simulate: {{set: {{store.servers: 3}}}}
            explanation: Two references follow, one longer than any card is wide.
            references: [{LONG_URL}, {SHORT_URL}]
    """).lstrip())
    from quizsim.content import load_library

    library = load_library([folder])
    assert not library.problems, [p.format() for p in library.problems]
    return library


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_reference_urls_never_break_mid_word(tmp_path, size) -> None:
    app = make_app(pack_with_references(tmp_path))
    async with app.run_test(size=size) as pilot:
        await open_question(pilot, "tui-references")
        await pilot.press("b", "enter")
        await finish(pilot)
        lines = await show(pilot, app.screen.query_one("#q-feedback"))
        start = next(i for i, line in enumerate(lines) if line.strip() == "References")
        long_line, short_line = lines[start + 1].strip(), lines[start + 2].strip()
        assert long_line.startswith("• https://docs.aws.amazon.com")
        shown = long_line.removeprefix("• ")
        head, cut, tail = shown.partition("…")
        assert shown == LONG_URL or (cut and LONG_URL.startswith(head) and LONG_URL.endswith(tail)), long_line
        assert "https://docs.aws.amazon.com" in head  # the site stays readable
        assert short_line == f"• {SHORT_URL}"
        assert not any(".html" in line for line in lines if line.strip() != long_line)


# ---- 7. `?` stays in the footer at 80 columns ---------------------------------------------------------


async def test_footer_shows_help_at_80_columns_before_and_after_answering(library) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_question(pilot, "tui-queue-servers")
        footer = screen_as_text(app).splitlines()[-1]
        assert "? Help" in footer, footer
        await pilot.press("b", "enter")
        await finish(pilot)
        footer = screen_as_text(app).splitlines()[-1]
        assert "? Help" in footer and "c Compare all" in footer, footer
