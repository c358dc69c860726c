"""--set values and store overrides as a user types them."""

import pytest

from quizsim.content import ResolveError, resolve_scenario
from quizsim.content.resolve import parse_set_value


@pytest.mark.parametrize(
    ("text", "value"),
    [("5000", 5000), ("2e7", 20_000_000), ("1.5e3", 1500.0), ("0.25", 0.25), ("true", True), ("sticky", "sticky")],
)
def test_set_values_read_as_a_user_means_them(text, value) -> None:
    assert parse_set_value(text) == value
    assert type(parse_set_value(text)) is type(value)


def test_unknown_store_kind_from_an_override_names_the_kind_and_the_fix(bundled_library) -> None:
    scenario = bundled_library.scenarios["mmc-demo"]
    with pytest.raises(ResolveError) as caught:
        resolve_scenario(bundled_library, scenario, overrides={"store.kind": "queu"})
    message = str(caught.value)
    assert "store kind 'queu' is unknown" in message
    assert "did you mean 'queue'" in message
