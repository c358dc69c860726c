"""`quizsim sim QUESTION --option ID` runs one option and, as its help says, never reports a disagreement."""

from __future__ import annotations

from quizsim.cli.main import main


def test_a_wrong_option_alone_is_reported_as_a_run_not_as_a_disagreement(capsys) -> None:
    capsys.readouterr()
    status = main(["sim", "ss-in-memory-store", "--option", "a", "--no-progress"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "DISAGREES" not in out and "agrees" not in out
    head = out.splitlines()[0]
    assert "option a" in head and "not the key's answer" in head
    assert "latency" in out and "cost" in out  # the run's own report, as for a scenario


def test_help_promises_what_one_option_does(capsys) -> None:
    try:
        main(["sim", "--help"])
    except SystemExit:
        pass
    out = " ".join(capsys.readouterr().out.split())
    assert "--option runs one option and never reports a disagreement" in out
