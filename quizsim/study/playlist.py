"""A presenter's playlist: questions in order, each with an optional seed and scenario overrides.

```yaml
title: Session state in ten minutes
items:
  - question: ss-flash-sale-store
    seed: 7
    set: {workload.arrival.rate_per_s: 800}
  - question: ss-no-ttl-oom
```

Read with quizsim.content's safe YAML loader, so every problem names the file, line and field. No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, ValidationError

from quizsim.content.base import StrictModel
from quizsim.content.problems import ContentError, Problem, did_you_mean
from quizsim.content.validation_text import describe, field_path
from quizsim.content.yaml_source import read_yaml

if TYPE_CHECKING:
    from quizsim.content import Library, Question

MAX_ITEMS = 500


class PlaylistItem(StrictModel):
    """One question to present."""

    question: str = Field(min_length=1, max_length=200)
    """Id of a loaded question."""
    seed: int | None = Field(default=None, ge=0)
    """Seed of this question's races (default: the playlist's, else the scenario's)."""
    set: dict[str, Any] = {}
    """Scenario overrides by dotted path, as `quizsim sim --set` takes them, e.g. {web.instances: 8}."""


class Playlist(StrictModel):
    """Questions to present in order, so a demo runs the same every time."""

    title: str = Field(default="Playlist", max_length=200)
    seed: int | None = Field(default=None, ge=0)
    """Seed for every item that names none."""
    items: list[PlaylistItem] = Field(min_length=1, max_length=MAX_ITEMS)

    def seed_of(self, index: int) -> int | None:
        item = self.items[index]
        return item.seed if item.seed is not None else self.seed


class PlaylistError(Exception):
    """A playlist that cannot be presented; `problems` name file, line, column and field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadedPlaylist:
    playlist: Playlist
    path: Path


def read_playlist(path: Path) -> LoadedPlaylist:
    """Parse and validate `path`; raise PlaylistError naming each problem's line and field."""
    try:
        document = read_yaml(path)
    except ContentError as exc:
        raise PlaylistError([Problem(path, exc.line, exc.column, exc.message, "playlist")]) from None
    except OSError as exc:
        raise PlaylistError([Problem(path, 1, 1, f"cannot read: {exc.strerror or exc}", "playlist")]) from None
    data = document.data
    if not isinstance(data, dict):
        raise PlaylistError([Problem(path, 1, 1, "a playlist is a mapping with 'items:' (a list of questions)", "playlist")])
    # `- ss-q1` is shorthand for `- question: ss-q1`.
    if isinstance(data.get("items"), list):
        data = {**data, "items": [{"question": i} if isinstance(i, str) else i for i in data["items"]]}
    try:
        playlist = Playlist.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            line, column = document.locate(loc)
            field = field_path(loc)
            if err["type"] == "extra_forbidden":
                allowed = list(PlaylistItem.model_fields if "items" in loc[:1] and len(loc) > 2 else Playlist.model_fields)
                message = f"unknown field {str(loc[-1])!r}" + (did_you_mean(str(loc[-1]), allowed) or f"; allowed here: {', '.join(allowed)}")
            elif err["type"] == "missing":
                message = f"missing required field {field!r}"
            else:
                message = describe(err, field)
            problems.append(Problem(path, line, column, message, "playlist"))
        raise PlaylistError(problems) from None
    return LoadedPlaylist(playlist, path)


def check_playlist(loaded: LoadedPlaylist, library: "Library") -> list[Problem]:
    """Problems with what the playlist names: unknown questions and overrides that do not apply."""
    from quizsim.content import ResolveError, resolve_option

    path, playlist = loaded.path, loaded.playlist
    document = read_yaml(path)
    problems = []
    for index, item in enumerate(playlist.items):
        question = library.questions.get(item.question)
        if question is None:
            line, column = document.locate(("items", index, "question"))
            problems.append(Problem(
                path, line, column,
                f"items[{index}].question: no loaded question {item.question!r}" + did_you_mean(item.question, list(library.questions)),
                "playlist",
            ))
            continue
        if not item.set:
            continue
        for option in question.options:
            if option.simulate is None:
                continue
            try:
                resolve_option(library, question, option, item.set)
            except ResolveError as exc:
                line, column = document.locate(("items", index, "set"))
                problems.append(Problem(path, line, column, f"items[{index}].set: {exc}", "playlist"))
                break
    return problems


def load_playlist(path: Path, library: "Library") -> Playlist:
    """Read, validate and check `path` against `library`; raise PlaylistError listing every problem."""
    loaded = read_playlist(path)
    problems = check_playlist(loaded, library)
    if problems:
        raise PlaylistError(problems)
    return loaded.playlist


def pack_playlist(library: "Library", pack_id: str | None = None, tag: str | None = None,
                  seed: int | None = None) -> Playlist:
    """The questions of a pack (all packs when None), or of one of its tags, in written order.

    ValueError when there is nothing to present."""
    packs = list(library.packs.values()) if pack_id is None else [library.packs[pack_id]]
    ids = [qid for pack in packs for qid in pack.question_ids if tag is None or tag in library.questions[qid].tags]
    if not ids:
        raise ValueError("no questions to present")
    title = "All packs" if pack_id is None else library.packs[pack_id].title
    if tag is not None:
        title = f"{title}: {tag}"
    return Playlist(title=title[:200], seed=seed, items=[PlaylistItem(question=q) for q in ids])


def with_overrides(question: "Question", overrides: dict[str, Any]) -> "Question":
    """`question` with `overrides` added to every option's run (they win over the option's own)."""
    if not overrides:
        return question
    options = [
        o.model_copy(update={"simulate": o.simulate.model_copy(update={"set": {**o.simulate.set, **overrides}})})
        if o.simulate is not None else o
        for o in question.options
    ]
    return question.model_copy(update={"options": options})


def default_seed(library: "Library", question: "Question") -> int:
    """The seed a question runs on when the playlist names none: its scenario's."""
    scenario = library.scenarios.get(question.scenario) if question.scenario else None
    if scenario is None:
        scenario = next((library.scenarios[o.simulate.scenario] for o in question.options
                         if o.simulate is not None and o.simulate.scenario in library.scenarios), None)
    return scenario.seed if scenario is not None else 42
