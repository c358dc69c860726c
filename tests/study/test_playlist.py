"""Playlists: a valid file loads in order with seeds and overrides; each bad file names its line and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizsim.content import default_content_paths, load_library
from quizsim.study.playlist import PlaylistError, load_playlist, read_playlist


@pytest.fixture(scope="module")
def library():
    return load_library(default_content_paths())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def problems_of(path: Path, library) -> list[str]:
    with pytest.raises(PlaylistError) as caught:
        load_playlist(path, library)
    return [p.format() for p in caught.value.problems]


def test_a_playlist_keeps_order_seeds_and_overrides(tmp_path, library):
    first, second = "ss-in-memory-store", "ss-memcached-node-loss"
    path = write(tmp_path, f"""
        title: Monday demo
        seed: 11
        items:
          - question: {first}
            seed: 7
            set: {{web.instances: 8}}
          - {second}
    """)
    playlist = load_playlist(path, library)
    assert playlist.title == "Monday demo"
    assert [i.question for i in playlist.items] == [first, second]
    assert playlist.seed_of(0) == 7 and playlist.seed_of(1) == 11
    assert playlist.items[0].set == {"web.instances": 8}


def test_unknown_field_names_line_and_suggests(tmp_path, library):
    first = next(iter(library.questions))
    path = write(tmp_path, f"""
        items:
          - question: {first}
            sed: 3
    """)
    (line,) = problems_of(path, library)
    assert "demo.yaml:3:5: error: playlist: unknown field 'sed'; did you mean 'seed'?" in line


def test_negative_seed_and_missing_question_name_their_fields(tmp_path, library):
    path = write(tmp_path, """
        items:
          - seed: -1
    """)
    lines = problems_of(path, library)
    assert any(":2:" in l and "items[0].seed" in l for l in lines), lines
    assert any("missing required field 'items[0].question'" in l for l in lines), lines


def test_unknown_question_is_named_with_a_suggestion(tmp_path, library):
    first = next(iter(library.questions))
    path = write(tmp_path, f"""
        items:
          - question: {first}x
    """)
    (line,) = problems_of(path, library)
    assert ":2:" in line and f"did you mean {first!r}" in line


def test_override_that_does_not_apply_names_the_set_field(tmp_path, library):
    first = next(q.id for q in library.questions.values() if q.scenario)
    path = write(tmp_path, f"""
        items:
          - question: {first}
            set: {{web.instancez: 3}}
    """)
    (line,) = problems_of(path, library)
    assert ":3:" in line and "items[0].set" in line and "instancez" in line


def test_yaml_syntax_error_names_its_line(tmp_path):
    path = write(tmp_path, """
        items:
          - question: [unclosed
    """)
    with pytest.raises(PlaylistError) as caught:
        read_playlist(path)
    (problem,) = caught.value.problems
    assert problem.path == path and problem.line >= 2


def test_empty_items_is_refused(tmp_path, library):
    path = write(tmp_path, "items: []\n")
    (line,) = problems_of(path, library)
    assert "items" in line and ":1:" in line


def test_the_readme_playlist_example_loads(tmp_path, library):
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Classroom\n"):]
    section = section[: section.find("\n## ", 1)]
    (block,) = [m[1] for m in re.finditer(r"^```yaml\n(.*?)^```$", section, re.DOTALL | re.MULTILINE)]
    path = tmp_path / "demo.yaml"
    path.write_text(block)
    playlist = load_playlist(path, library)
    assert len(playlist.items) == 4 and playlist.items[3].question == "ss-efs-throughput-mode"
    assert playlist.seed_of(1) == 7 and playlist.seed_of(0) == 42
