"""`quizsim sim` on a run of several days: the table is read in elapsed time and the log names the day."""

from __future__ import annotations

from pathlib import Path

from quizsim.cli.main import main

SCENARIO = """\
id: three-day-jobs
duration_s: 259200
start_clock: "10:00"
workload:
  arrival: {rate_per_s: 0.02}
store:
  kind: work_queue
  consumer_outage_at_s: 3600
  consumer_outage_s: 86400
  ec2: {instances: 1, assumed: test fleet}
  job: {service_time: {dist: exponential, mean_ms: 200}}
"""


def test_a_three_day_run_reads_in_days(tmp_path: Path, capsys) -> None:
    file = tmp_path / "three-days.yaml"
    file.write_text(SCENARIO)
    capsys.readouterr()
    assert main(["sim", str(file), "--no-progress"]) == 0
    out = capsys.readouterr().out
    table = out.split("events:")[0]
    assert "from start" in table and "days" in table and "minute" not in table
    events = out.split("events:")[1]
    assert "11:00 outage: the workers stop for 24 h" in events
    assert "day 2 11:00 outage over" in events
