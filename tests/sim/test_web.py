"""The web tier: ALB routing, Auto Scaling with its delays, instance failures and stops, billing."""

from __future__ import annotations

import pytest

from quizsim.sim import simulate
from tests.sim.helpers import events_of, session_run

ASG = {"metric": "cpu", "target": 60, "min_instances": 2, "max_instances": 20, "cooldown_s": 300, "warmup_s": 120}


def test_auto_scaling_scales_out_after_its_datapoints_and_boot(bundled_library) -> None:
    # 2 m7g.large (400 req/s each) at 300 req/s, then 1,200 req/s at 10:05.
    run = session_run(bundled_library, "dynamodb-on-demand", 300, 1800,
                      web={"instances": 2, "auto_scaling": ASG}, phases=[{"at_s": 300, "rate_per_s": 1200}])
    result = simulate(run, 1)
    launches = [e for e in events_of(result, "scale") if "launching" in e.text]
    assert launches and "CPU above the target of 60" in launches[0].text
    assert 300 + 3 * 60 <= launches[0].t_s <= 300 + 4 * 60 + 1  # three one-minute datapoints
    served = [e for e in events_of(result, "scale") if "instances serving" in e.text]
    assert served[0].t_s == pytest.approx(launches[0].t_s + 30, abs=result.summary.window_s)  # boot_s
    final = result.windows[-1].capacity["instances"]
    assert final >= 1200 / 400 / 0.6 - 1  # enough instances to bring CPU near the target
    # Before the new instances arrive, requests queue at the saturated instances and time out.
    assert result.summary.errors.get("timeout", 0) > 0


def test_scale_in_terminates_instances_and_their_local_sessions(bundled_library) -> None:
    asg = {**ASG, "cooldown_s": 60}
    phases = [{"at_s": 120, "rate_per_s": 100, "ramp_s": 60}]
    memory = simulate(session_run(bundled_library, "web-memory-local", 800, 1800,
                                  web={"instances": 6, "routing": "sticky", "auto_scaling": asg}, phases=phases), 1)
    terminated = [e for e in events_of(memory, "scale") if "terminating" in e.text]
    assert terminated and terminated[0].t_s >= 15 * 60  # 15 one-minute datapoints below target (33 % CPU at first)
    assert memory.summary.sessions_lost_by_cause.get("scale_in", 0) > 0
    shared = simulate(session_run(bundled_library, "dynamodb-on-demand", 800, 1800,
                                  web={"instances": 6, "routing": "sticky", "auto_scaling": asg}, phases=phases), 1)
    assert shared.summary.sessions_lost == 0


def test_instance_failure_with_sticky_sessions_in_memory_loses_that_instances_share(bundled_library) -> None:
    fault = [{"at_s": 600, "kind": "instance_failure"}]
    s = simulate(session_run(bundled_library, "web-memory-local", 400, 1200,
                             web={"instances": 4, "routing": "sticky"}, faults=fault), 1).summary
    active = 400 * 30  # users with a live session
    assert s.sessions_lost_by_cause["instance_failure"] == pytest.approx(active / 4, rel=0.15)
    assert s.session_misses < 0.01 * s.session_reads  # stickiness keeps everyone else on their instance


def test_stop_keeps_ebs_sessions_but_loses_instance_store_ones(bundled_library) -> None:
    fault = [{"at_s": 300, "kind": "instance_stop", "duration_s": 120}]
    web = {"instances": 4, "routing": "sticky"}
    ebs = simulate(session_run(bundled_library, "ebs-gp3-local", 400, 900, web=web, faults=fault), 1).summary
    nvme = simulate(session_run(bundled_library, "instance-store-local", 400, 900, web=web, faults=fault), 1).summary
    assert "instance_stop" not in ebs.sessions_lost_by_cause
    assert nvme.sessions_lost_by_cause["instance_stop"] == pytest.approx(400 * 30 / 4, rel=0.15)


def test_web_tier_is_billed_per_instance_second(bundled_library) -> None:
    run = session_run(bundled_library, "dynamodb-on-demand", 100, 3600, web={"instances": 3})
    costs = simulate(run, 1).summary.cost_usd
    ec2 = bundled_library.backends["m7g-large"].pricing.price_per_hour_usd
    alb = bundled_library.backends["alb"]
    assert costs["web instances"] == pytest.approx(3 * ec2, rel=1e-6)
    # The hour, plus the LCUs of about 100 requests/s (1 GB an hour of 10 KB requests per LCU: 3.6).
    lcus = 100 * alb.traffic.kb_per_request * 3600 / 1e6 / alb.lcu.processed_gb_per_h
    assert costs["load balancer"] == pytest.approx(alb.overhead.price_per_hour_usd + lcus * alb.lcu.price_per_lcu_hour_usd, rel=0.03)


def test_a_short_lived_instance_is_billed_at_least_60_seconds(bundled_library) -> None:
    from quizsim.sim.engine import Simulation

    sim = Simulation(session_run(bundled_library, "dynamodb-on-demand", 10, 600, web={"instances": 1}), 1)
    fleet = sim.pipeline.fleet
    sim.ctx.env.run(until=100)
    fleet.launch(1, "test")
    sim.ctx.env.run(until=110)
    fleet.remove(1, "terminated", "scale_in")  # lived 10 s
    price = bundled_library.backends["m7g-large"].pricing.price_per_hour_usd
    assert sim.ctx.ledger.by_component["web instances"] == pytest.approx(50 * price / 3600)
