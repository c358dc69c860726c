"""`quizsim --seed N` starts the app with a session order that can be replayed; a bad N is a usage error."""

from __future__ import annotations

import os

import pytest

from quizsim.cli.main import main


def test_seed_reaches_the_practice_sessions(monkeypatch) -> None:
    import quizsim.tui.launch

    monkeypatch.delenv("QUIZSIM_SEED", raising=False)
    seen = []
    # The app itself is not started here: what matters is the seed every practice session will read.
    monkeypatch.setattr(quizsim.tui.launch, "run_app", lambda extra_content=None: seen.append(os.environ.get("QUIZSIM_SEED")) or 0)
    assert main(["--seed", "4711"]) == 0 and main(["--seed", "as-written"]) == 0
    assert seen == ["4711", "as-written"]

    from quizsim.study.order import session_seed

    assert session_seed() is None  # as-written, as the app's sessions will see it


@pytest.mark.parametrize("bad", ["-1", "soon", "1.5"])
def test_a_bad_seed_is_a_usage_error_naming_the_option(bad, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([f"--seed={bad}"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --seed" in err and "whole number ≥ 0 or 'as-written'" in err and repr(bad) in err
