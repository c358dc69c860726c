"""The README's "Writing content" examples are valid content, and its sample `validate` output is real."""

from __future__ import annotations

import json
import re
from pathlib import Path

from quizsim.content import load_library
from quizsim.paths import bundled_content_dir
from tests.cli.support import run_quizsim

README = Path(__file__).resolve().parents[2] / "README.md"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:] if end == -1 else text[start:end]


def _fenced(text: str) -> list[tuple[str, str]]:
    """(language, body) of every ``` block."""
    return [(m["lang"], m["body"]) for m in re.finditer(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```$", text, re.DOTALL | re.MULTILINE)]


def _blocks(language: str) -> list[str]:
    return [body for lang, body in _fenced(_section("Writing content")) if lang == language]


def _example_pack(folder: Path) -> Path:
    """The README's examples as the files of a pack, by their top-level key."""
    folder.mkdir()
    names = {"pack": "pack.yaml", "backends": "backends.yaml", "scenarios": "scenarios.yaml", "questions": "questions.yaml"}
    written = 0
    for block in _blocks("yaml"):
        first = block.split(":", 1)[0].strip()
        if first in names:
            (folder / names[first]).write_text(block, encoding="utf-8")
            written += 1
    assert written == 4, "the README shows a pack.yaml, a backend, a scenario and a question"
    return folder


def test_readme_examples_are_valid_content(tmp_path: Path) -> None:
    pack = _example_pack(tmp_path / "my-pack")
    library = load_library([bundled_content_dir(), pack])
    assert [p.format() for p in library.problems] == []
    assert library.packs["my-pack"].title == "My session-state drills"
    assert library.packs["my-pack"].question_ids == ["my-lunch-rush-store"]


def test_readme_sample_output_is_what_validate_prints(tmp_path: Path) -> None:
    pack = _example_pack(tmp_path / "my-pack")
    questions = pack / "questions.yaml"
    questions.write_text(questions.read_text().replace("{store: dynamodb-on-demand}", "{store: dynamodb-on-demnd}"))
    [sample] = [b for b in _blocks("") if "error:" in b and "quizsim check" not in b and "the simulation picks" not in b]
    run = run_quizsim("validate", "my-pack/", cwd=tmp_path)
    assert run.status == 1
    assert run.stdout == sample


def test_readme_editor_settings_are_well_formed() -> None:
    [settings] = _blocks("json")
    assert "./quizsim.schema.json" in json.loads(settings)["yaml.schemas"]
    assert any(b.startswith("# yaml-language-server: $schema=") for b in _blocks("yaml"))
