"""Each store's lesson shows in a run (issue 3): the mechanism, not a lookup table, produces it."""

from __future__ import annotations

import pytest

from quizsim.sim import simulate
from tests.sim.helpers import errors_between, events_of, session_run

WRITES_ONLY = {"reads_per_request": 0, "writes_per_request": 1}


def test_s3_returns_503_above_3500_writes_per_second_on_one_prefix(bundled_library) -> None:
    below = simulate(session_run(bundled_library, "s3-standard", 3000, 600, sessions=WRITES_ONLY), 1)
    above = simulate(session_run(bundled_library, "s3-standard", 5000, 600, sessions=WRITES_ONLY), 1)
    assert below.summary.errors["total"] == 0
    assert not events_of(below, "slow_down")
    # 5,000 writes/s on 3,500/s: most first attempts are rejected; the SDK's 3 attempts fail for many.
    assert above.summary.errors.get("slow_down", 0) > 0.1 * above.summary.requests
    assert "503 Slow Down" in events_of(above, "slow_down")[0].text
    assert "limit 3,500/s" in events_of(above, "slow_down")[0].text
    # Retries with backoff make the successful writes slower too.
    assert above.summary.latency_ms["p99"] > 2 * below.summary.latency_ms["p99"]


def test_s3_repartitions_after_sustained_503s(bundled_library) -> None:
    run = session_run(bundled_library, "s3-standard", 5000, 2400, sessions=WRITES_ONLY,
                      store_set={"limits.repartition_s": 600})
    result = simulate(run, 1)
    scaled = [e for e in events_of(result, "scale") if "partitioned" in e.text]
    assert scaled and 600 <= scaled[0].t_s <= 720
    assert errors_between(result, "slow_down", scaled[0].t_s + 60, 2400) == 0


def test_redis_evicts_ttl_sessions_when_memory_is_full(bundled_library) -> None:
    # 60 MiB usable for about 50,000 keys of 2 KB: memory is full; volatile-lru evicts sessions with a TTL.
    small = {"node.maxmemory_gb": 0.08}
    evicting = simulate(session_run(bundled_library, "redis-t4g-small-single", 1000, 900,
                                    sessions={"size_kb": 2}, store_set=small), 1)
    assert evicting.summary.sessions_lost_by_cause.get("evicted", 0) > 1000
    assert evicting.summary.errors.get("oom", 0) == 0
    assert events_of(evicting, "eviction")
    # The same keys without a TTL: nothing is eligible, so writes fail with OOM instead.
    no_ttl = simulate(session_run(bundled_library, "redis-t4g-small-single", 1000, 900,
                                  sessions={"size_kb": 2, "ttl_s": None}, store_set=small), 1)
    assert no_ttl.summary.errors.get("oom", 0) > 1000
    assert "evicted" not in no_ttl.summary.sessions_lost_by_cause
    # Enough memory: nothing evicted.
    roomy = simulate(session_run(bundled_library, "redis-t4g-small-single", 1000, 900, sessions={"size_kb": 2}), 1)
    assert roomy.summary.sessions_lost == 0 and roomy.summary.errors["total"] == 0


@pytest.mark.parametrize("instances", [2, 4, 8])
def test_round_robin_with_sessions_on_ebs_misses_n_minus_1_over_n(bundled_library, instances: int) -> None:
    run = session_run(bundled_library, "ebs-gp3-local", 400, 600, web={"instances": instances, "routing": "round_robin"})
    s = simulate(run, 1).summary
    assert s.session_misses / s.session_reads == pytest.approx((instances - 1) / instances, abs=0.03)
    # Each user is logged out (counted lost) once, however many of their reads miss afterwards.
    assert 0 < s.sessions_lost_by_cause.get("routed_elsewhere", 0) <= s.sessions_started < s.session_misses
    sticky = session_run(bundled_library, "ebs-gp3-local", 400, 600, web={"instances": instances, "routing": "sticky"})
    assert simulate(sticky, 1).summary.session_misses == 0


def test_provisioned_dynamodb_throttles_until_auto_scaling_catches_up(bundled_library) -> None:
    # 500 WCU provisioned; writes jump from 200/s to 1,000/s (1 KB sessions: 1 WCU each) at 10:05.
    run = session_run(bundled_library, "dynamodb-provisioned-autoscaling", 200, 3600, sessions=WRITES_ONLY,
                      phases=[{"at_s": 300, "rate_per_s": 1000}])
    result = simulate(run, 1)
    throttles = events_of(result, "throttle")
    raised = [e for e in events_of(result, "scale") if "write capacity now" in e.text]
    assert throttles and raised
    first_throttle, caught_up = throttles[0].t_s, raised[0].t_s
    # The burst bucket holds 300 s of 500 WCU: throttling starts minutes after the step, not at once,
    assert 300 < first_throttle < 900
    # auto scaling needs its alarm datapoints and UpdateTable: capacity arrives minutes after the step,
    assert caught_up - 300 >= 5 * 60
    assert "provisioned 500 WCU" in throttles[0].text
    # the requests in between are throttled (after the SDK's retries), and once capacity is there they are not.
    assert errors_between(result, "throttled", first_throttle, caught_up) > 0
    assert errors_between(result, "throttled", caught_up + 60, 3600) == 0
    assert result.windows[-1].capacity["wcu"] >= 1000


def test_on_demand_throttles_above_twice_the_previous_peak(bundled_library) -> None:
    history = {"on_demand.previous_peak_wru_per_s": 3000}  # the table once served 3,000 writes/s
    within = simulate(session_run(bundled_library, "dynamodb-on-demand", 500, 1800, sessions=WRITES_ONLY,
                                  store_set=history, phases=[{"at_s": 300, "rate_per_s": 5500}]), 1)
    assert within.summary.errors["total"] == 0
    beyond_run = session_run(bundled_library, "dynamodb-on-demand", 500, 3600, sessions=WRITES_ONLY,
                             store_set=history, phases=[{"at_s": 300, "rate_per_s": 9000}])
    beyond = simulate(beyond_run, 1)
    assert beyond.summary.errors.get("throttled", 0) > 0
    throttle = events_of(beyond, "throttle")[0]
    assert throttle.t_s == pytest.approx(300, abs=10) and "6,000" in throttle.text
    # 30 minutes after it served a new peak (6,000), twice that is instant: the throttling stops.
    ended = events_of(beyond, "throttle_end")
    assert ended and 300 + 1800 <= ended[0].t_s <= 300 + 1800 + 120
    assert errors_between(beyond, "throttled", ended[0].t_s, 3600) == 0


def test_multi_az_redis_failover_outage_has_its_length_and_loses_only_unreplicated_writes(bundled_library) -> None:
    fault = [{"at_s": 600, "kind": "store_node_failure"}]
    multi = simulate(session_run(bundled_library, "redis-r7g-large-multi-az", 1000, 1200, faults=fault,
                                 store_set={"replication.failover_s": 45}), 1)
    outage = [w for w in multi.windows if w.errors_by_kind.get("failover_outage")]
    assert outage[0].t_s == pytest.approx(600, abs=multi.summary.window_s)
    span = outage[-1].t_s + outage[-1].duration_s - outage[0].t_s
    assert span == pytest.approx(45, abs=multi.summary.window_s)
    # 1,000 writes/s and 10 ms of replication lag: about 10 acknowledged writes lost, not the sessions.
    assert 3 <= multi.summary.writes_lost <= 25
    assert multi.summary.sessions_lost == multi.summary.sessions_lost_by_cause.get("unreplicated_write", 0)
    single = simulate(session_run(bundled_library, "redis-t4g-small-single", 1000, 1200, faults=fault), 1)
    active = 1000 * 30  # rate × think time: users with a session at that moment
    assert single.summary.sessions_lost_by_cause["node_failure"] == pytest.approx(active, rel=0.1)
    assert multi.summary.sessions_lost < 0.01 * single.summary.sessions_lost


def test_memcached_node_failure_loses_about_one_nth(bundled_library) -> None:
    fault = [{"at_s": 600, "kind": "store_node_failure"}]
    s = simulate(session_run(bundled_library, "memcached-3-nodes", 1000, 1200, faults=fault), 1).summary
    assert s.sessions_lost_by_cause["node_failure"] == pytest.approx(1000 * 30 / 3, rel=0.15)


def test_redis_cluster_node_failure_hits_only_its_shard(bundled_library) -> None:
    # Cluster mode, 3 shards, no replica: the failed node held a third of the slots, so about a third of the
    # sessions are lost and only operations on that shard fail until a new node replaces it.
    fault = [{"at_s": 600, "kind": "store_node_failure"}]
    result = simulate(session_run(bundled_library, "redis-t4g-micro-3-shards", 1000, 1200, faults=fault,
                                  store_set={"node.maxmemory_gb": 16}), 1)
    s = result.summary
    assert s.sessions_lost_by_cause["node_failure"] == pytest.approx(1000 * 30 / 3, rel=0.15)
    during = [w for w in result.windows if 660 <= w.t_s < 1140]  # the 600 s replacement, after sessions re-form
    down = sum(w.errors_by_kind.get("node_down", 0) for w in during)
    assert down == pytest.approx(sum(w.requests for w in during) / 3, rel=0.15)
    assert "shard 1 of 3" in events_of(result, "failure")[0].text


def test_a_new_efs_file_system_starts_with_2_1_tib_of_burst_credits(bundled_library) -> None:
    # AWS: new file systems start out with 2.1 TiB of burst credits. At about 5 MiB/s metered, 4 above
    # the 1 MiB/s baseline, that lasts about six days: an hour does not come near.
    result = simulate(session_run(bundled_library, "efs-bursting", 500, 3600, sessions={"size_kb": 8}), 1)
    assert result.windows[0].capacity["efs_credits_gib"] == pytest.approx(2.1 * 1024, rel=0.001)
    assert not [e for e in events_of(result, "throttle") if "burst credits used up" in e.text]
    assert result.summary.errors["total"] == 0
    spent_gib = result.windows[0].capacity["efs_credits_gib"] - result.windows[-1].capacity["efs_credits_gib"]
    assert spent_gib == pytest.approx(4.1 * 3600 / 1024, rel=0.1)


def test_efs_bursting_credits_run_out_and_latency_climbs(bundled_library) -> None:
    # 8 KB written per request at 500/s: 4 MiB/s metered, above the 1 MiB/s baseline of 10 GiB stored.
    # The file system has run like this for days: 2 GiB of its credits are left.
    result = simulate(session_run(bundled_library, "efs-bursting", 500, 1800, sessions={"size_kb": 8},
                                  store_set={"throughput.initial_credits_gib": 2}), 1)
    empty = [e for e in events_of(result, "throttle") if "burst credits used up" in e.text]
    assert empty
    assert 300 < empty[0].t_s < 900  # 2 GiB of credits at about 4 MiB/s above baseline
    # Before: bursting at 100 MiB/s keeps up. After: I/O queues at 1 MiB/s until requests time out.
    assert errors_between(result, "timeout", 0, empty[0].t_s) == 0
    assert errors_between(result, "timeout", empty[0].t_s, 1800) > 0.5 * 500 * (1800 - empty[0].t_s - 120)
    waits = [w.wait_ms_mean for w in result.windows if empty[0].t_s <= w.t_s and w.requests > w.errors]
    assert max(waits) > 1000


def test_efs_elastic_meters_each_operation_as_at_least_32_kib(bundled_library) -> None:
    small = simulate(session_run(bundled_library, "efs-elastic", 200, 600, sessions={"size_kb": 1}), 1)
    large = simulate(session_run(bundled_library, "efs-elastic", 200, 600, sessions={"size_kb": 32}), 1)
    # 1 KB and 32 KB operations cost the same: both are billed as 32 KiB.
    small_cost = small.summary.cost_usd["store requests"]
    assert small_cost == pytest.approx(large.summary.cost_usd["store requests"], rel=0.05)


def test_serverless_cache_bills_data_and_ecpus(bundled_library) -> None:
    s = simulate(session_run(bundled_library, "elasticache-serverless-valkey", 1000, 3600), 1).summary
    assert s.cost_usd["store requests"] > 0 and s.cost_usd["store capacity"] > 0
    assert s.errors["total"] == 0 and s.sessions_lost == 0


def test_manual_scale_out_memcached_remaps_keys_redis_gains_memory(bundled_library) -> None:
    scale = [{"at_s": 300, "kind": "store_scale_out", "count": 1}]
    memcached = simulate(session_run(bundled_library, "memcached-3-nodes", 1000, 900, faults=scale), 1)
    assert memcached.summary.sessions_lost_by_cause["remapped"] == pytest.approx(1000 * 30 / 4, rel=0.15)
    assert memcached.windows[-1].capacity["cache_nodes"] == 4
    # A Redis cluster short of memory evicts until resharding adds a shard's memory.
    small = {"node.maxmemory_gb": 0.08}
    redis = simulate(session_run(bundled_library, "redis-t4g-small-single", 1000, 1800, sessions={"size_kb": 2},
                                 store_set=small, faults=[{"at_s": 300, "kind": "store_scale_out", "count": 3}]), 1)
    done = [e for e in events_of(redis, "scale") if "resharding done" in e.text]
    assert done and done[0].t_s == pytest.approx(900, abs=redis.summary.window_s)
    evicted_before = sum(w.sessions_lost_by_cause.get("evicted", 0) for w in redis.windows if w.t_s < 900)
    evicted_after = sum(w.sessions_lost_by_cause.get("evicted", 0) for w in redis.windows if w.t_s >= 960)
    assert evicted_before > 0 and evicted_after == 0


def test_dynamodb_hot_key_hits_one_partitions_limit(bundled_library) -> None:
    # 3,000 writes/s, half of them on one key: 1,500 WCU on a partition that serves 1,000.
    hot = simulate(session_run(bundled_library, "dynamodb-on-demand", 3000, 600,
                               sessions={**WRITES_ONLY, "hot_key_share": 0.5}), 1)
    spread = simulate(session_run(bundled_library, "dynamodb-on-demand", 3000, 600, sessions=WRITES_ONLY), 1)
    assert spread.summary.errors["total"] == 0
    assert hot.summary.errors.get("throttled", 0) > 0
    assert any("hot-key" in e.text and "1,000" in e.text for e in events_of(hot, "throttle"))


def test_efs_lock_contention_on_a_hot_session_file(bundled_library) -> None:
    # Writers to one file hold its lock 2 ms each: 450 writes/s on it queue (ρ = 0.9), 100 do not.
    busy = simulate(session_run(bundled_library, "efs-elastic", 500, 600, sessions={**WRITES_ONLY, "hot_key_share": 0.9}), 1)
    calm = simulate(session_run(bundled_library, "efs-elastic", 500, 600, sessions={**WRITES_ONLY, "hot_key_share": 0.2}), 1)
    assert busy.summary.wait_ms["mean"] > 3 * calm.summary.wait_ms["mean"]
