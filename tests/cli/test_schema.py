"""`quizsim schema` prints a JSON Schema that accepts real content files and rejects broken ones,
so an editor's YAML language server pointed at it checks what `quizsim validate` checks (field by field)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from quizsim.content.yaml_source import read_yaml
from quizsim.paths import bundled_content_dir
from tests.cli.support import VALID_PACK, run_quizsim

BUNDLED_FILES = sorted(p for p in bundled_content_dir().rglob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    run = run_quizsim("schema")
    assert run.status == 0
    schema = json.loads(run.stdout)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_schema_is_draft_2020_12_with_field_descriptions(validator) -> None:
    schema = validator.schema
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    question = schema["$defs"]["Question"]
    assert "qualifier" in question["properties"]["stem"]["description"]
    assert question["additionalProperties"] is False


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=[p.name for p in BUNDLED_FILES])
def test_bundled_files_match_the_schema(validator, path: Path) -> None:
    errors = [e.message for e in validator.iter_errors(read_yaml(path).data)]
    assert errors == []


def test_schema_rejects_unknown_fields_and_wrong_types(validator, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(VALID_PACK)
    assert validator.is_valid(read_yaml(good).data)
    for broken in (VALID_PACK.replace("explanation:", "explanaton:"), VALID_PACK.replace("rate_per_s: 50", "rate_per_s: fifty")):
        bad = tmp_path / "bad.yaml"
        bad.write_text(broken)
        assert not validator.is_valid(read_yaml(bad).data)
