"""Mechanisms a learner can hit that the model once missed (issue 13, point 5): an on-demand table's
history, S3's object count, and the ALB's capacity units."""

from __future__ import annotations

import pytest

from quizsim.sim import simulate
from tests.sim.helpers import events_of, session_run

WRITES_ONLY = {"reads_per_request": 0, "writes_per_request": 1}


def test_an_on_demand_table_already_serving_its_load_does_not_throttle_it(bundled_library) -> None:
    """Steady 5,000 writes/s (1 KB): a table that has been serving this load has it as its previous peak."""
    steady = simulate(session_run(bundled_library, "dynamodb-on-demand", 5000, 300, sessions=WRITES_ONLY), 1)
    assert steady.summary.errors.get("throttled", 0) == 0
    assert not events_of(steady, "throttle")


def test_a_new_on_demand_table_serves_its_published_initial_throughput_at_once(bundled_library) -> None:
    """A table created as the run starts serves 4,000 WRU/s at once (AWS: a new table's previous peak is
    2,000 WRU, and on-demand serves twice that); 5,000 writes/s are throttled until a peak is 30 min old."""
    new = {"on_demand.new_table": True}
    below = simulate(session_run(bundled_library, "dynamodb-on-demand", 3500, 300, sessions=WRITES_ONLY, store_set=new), 1)
    assert below.summary.errors.get("throttled", 0) == 0
    above = simulate(session_run(bundled_library, "dynamodb-on-demand", 5000, 300, sessions=WRITES_ONLY, store_set=new), 1)
    assert above.summary.errors.get("throttled", 0) > 0
    assert "4,000" in events_of(above, "throttle")[0].text


def test_s3_keeps_one_object_per_session_however_often_each_request_writes(bundled_library) -> None:
    once = simulate(session_run(bundled_library, "s3-standard", 200, 600, sessions={"writes_per_request": 1}), 1)
    thrice = simulate(session_run(bundled_library, "s3-standard", 200, 600, sessions={"writes_per_request": 3}), 1)
    storage_once, storage_thrice = once.summary.cost_usd["store storage"], thrice.summary.cost_usd["store storage"]
    assert storage_thrice == pytest.approx(storage_once, rel=0.05)
    # Three writes per request do triple the PUT bill.
    assert thrice.summary.cost_usd["store requests"] > 2.5 * once.summary.cost_usd["store requests"]


def test_the_alb_bills_capacity_units_on_its_largest_dimension(bundled_library) -> None:
    from quizsim.sim.web import alb_lcus

    alb = bundled_library.backends["alb"]
    # 1,000 requests/s of 10 KB: 36 GB an hour processed → 36 LCUs; 100 new connections/s → 4 LCUs.
    assert alb_lcus(alb, 1000) == pytest.approx(36.0)
    run = session_run(bundled_library, "dynamodb-on-demand", 1000, 600, web={"instances": 4})
    cost = simulate(run, 1).summary.cost_usd["load balancer"]
    hourly = alb.overhead.price_per_hour_usd
    assert cost == pytest.approx((hourly + 36 * alb.lcu.price_per_lcu_hour_usd) / 6, rel=0.02)
