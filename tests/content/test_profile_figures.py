"""Profile figures agree with their own derivations and with what they run on (issue 13, point 4)."""

from __future__ import annotations

import re

import pytest

from quizsim.content import resolve_option

GIB_PER_MB = 1 / 1024


def test_redis_r7g_large_ops_limit_is_the_r7g_4xlarge_figure_scaled_by_vcpu(bundled_library) -> None:
    node = bundled_library.backends["redis-r7g-large-multi-az"].node
    # 1M ops/s on r7g.4xlarge (16 vCPU) scaled to r7g.large (2 vCPU), as its source says.
    assert node.max_ops_per_s == 1_000_000 * 2 / 16
    assert "125,000" in node.source


def test_memcached_t4g_small_memory_is_the_published_max_cache_memory_less_connection_overhead(bundled_library) -> None:
    node = bundled_library.backends["memcached-3-nodes"].node
    assert node.memory_gb == pytest.approx((1402 - 100) * GIB_PER_MB, abs=1e-4)
    assert "1,402 MB" in node.source and "100 MB" in node.source


def test_sessions_on_an_instance_store_run_on_an_instance_type_that_has_one(bundled_library) -> None:
    runs = 0
    for question in bundled_library.questions.values():
        for option in question.options:
            if option.simulate is None:
                continue
            resolved = resolve_option(bundled_library, question, option)
            if resolved.store.kind != "instance_store":
                continue
            runs += 1
            storage = resolved.instance.storage if resolved.instance is not None else None
            assert storage is not None and storage.instance_store_gb > 0, (
                f"{question.id} option {option.id}: instance store on {resolved.instance.instance_type}, "
                "which has no instance store"
            )
            assert resolved.instance.pricing.price_per_hour_usd > 0
    assert runs >= 6


def test_chosen_redis_failover_and_replication_lag_are_marked_assumed(bundled_library) -> None:
    for profile in bundled_library.backends.values():
        if profile.kind == "redis":
            assert profile.replication.assumed and not profile.replication.source, profile.id


def test_texts_do_not_state_the_chosen_30_s_failover_as_fact(bundled_library) -> None:
    """The 30 s failover is a chosen value: a text that quotes it for a failover says it is assumed."""
    from tests.content.test_sources import question_texts

    offenders = []
    for question in bundled_library.questions.values():
        for where, text in question_texts(question):
            for sentence in re.split(r"(?<=[.;])\s", text):
                if re.search(r"\b30 s\b", sentence) and re.search(r"failover|promot|replica", sentence) and "assum" not in sentence:
                    offenders.append(f"{question.id} {where}: {sentence}")
    assert offenders == []


def test_the_memcached_outage_an_option_quotes_is_the_one_the_model_runs(bundled_library) -> None:
    """ss-failover-errors option d: operations on a failed Memcached node fail until the clients'
    Auto Discovery poll, min(replacement, poll interval), not for the whole replacement."""
    question = bundled_library.questions["ss-failover-errors"]
    option = next(o for o in question.options if o.id == "d")
    profile = resolve_option(bundled_library, question, option).store
    outage_s = min(profile.recovery.replace_node_s, profile.discovery.interval_s)
    assert f"{outage_s:g} s" in option.why
    assert f"{profile.recovery.replace_node_s:g} s" not in option.why


@pytest.mark.parametrize("profile_id", ["efs-bursting", "efs-elastic"])
def test_efs_latency_is_no_faster_than_aws_publishes_and_says_its_tail_is_chosen(bundled_library, profile_id: str) -> None:
    """AWS publishes only best cases for Regional EFS (reads as low as 250 µs, writes as low as 2.7 ms)."""
    latency = bundled_library.backends[profile_id].latency
    assert latency.read.median_ms >= 0.25 and latency.write.median_ms >= 2.7
    for dist, best in ((latency.read, "250 us"), (latency.write, "2.7 ms")):
        assert best in dist.assumed and "no median or tail" in dist.assumed


def test_the_flash_sale_explanation_says_what_the_simulation_shows_for_efs(bundled_library) -> None:
    explanation = bundled_library.questions["ss-flash-sale-lowest-latency"].explanation
    assert "runs out of burst credits" not in explanation
    assert "2.1 TiB" in explanation and "per call at p99 for EFS" in explanation
