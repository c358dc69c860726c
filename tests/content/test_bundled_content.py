"""The bundled packs load cleanly."""


def test_bundled_content_is_valid(bundled_library) -> None:
    assert [p.format() for p in bundled_library.problems] == []
    assert "session-state" in bundled_library.packs
    assert len(bundled_library.questions) >= 4
