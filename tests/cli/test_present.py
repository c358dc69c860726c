"""`quizsim present` and `quizsim serve present`: a bad playlist is reported by file, line and field before
any screen opens; an unknown target is a usage error."""

from __future__ import annotations

from tests.cli.support import run_quizsim


def test_a_bad_playlist_names_file_line_and_field(tmp_path) -> None:
    playlist = tmp_path / "demo.yaml"
    playlist.write_text("title: Demo\nitems:\n  - question: ss-no-such-question\n    seeed: 3\n")
    for command in (("present",), ("serve", "--port", "1", "present")):
        run = run_quizsim(*command, str(playlist))
        assert run.status in (1, 2), run
        assert "demo.yaml:4:5: error: playlist: unknown field 'seeed'; did you mean 'seed'?" in run.stderr, run.stderr
        assert "Traceback" not in run.stderr


def test_an_unknown_pack_is_a_usage_error() -> None:
    run = run_quizsim("present", "session-stat")
    assert run.status == 2 and "did you mean 'session-state'" in run.stderr
