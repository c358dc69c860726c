"""The producer: the scenario's web tier, whose requests each create one job.

A web request holds one of the instance's request threads for its own work plus the hand-off of its job:
a SendMessage round trip when a queue sits between, or the whole call when it calls the workers directly
(the wait for a free worker and the job's processing, or the caller's timeout). Threads of all instances
form one queueing station (round robin spreads requests evenly); a request that would wait longer than
the ALB timeout for a thread fails, as does a direct call that timed out. The web tier's response time and
errors are what the users of the web site see.
"""

from __future__ import annotations

import numpy as np

from quizsim.content.resolve import ResolvedScenario
from quizsim.sim.context import SimContext
from quizsim.sim.episodes import Episode
from quizsim.sim.histogram import LatencyHistogram
from quizsim.sim.station import Station
from quizsim.sim.workers.narration import QUIET_S
from quizsim.sim.workload import RateSchedule
from quizsim.text import counted, duration, fmt_ms, num

CAP_PER_WINDOW = 1000
"""Web requests simulated one by one per window; above it a weighted sample stands for the rest."""
_QUEUED_S = 0.001
_SATURATED_SHARE = 0.05
"""The web tier is told saturated when this share of a window's requests waited for a thread."""


class ProducerTier:
    """The web instances' request threads, the ALB, and the web tier's bill."""

    def __init__(self, resolved: ResolvedScenario, ctx: SimContext, schedule: RateSchedule) -> None:
        web = resolved.scenario.web
        self.ctx, self.schedule, self.web = ctx, schedule, web
        self.settings = resolved.store.producer
        self.sync = resolved.store.delivery == "sync"
        self.own_s = resolved.instance.capacity.service_ms / 1000.0
        self.alb_ms = resolved.load_balancer.overhead.overhead_ms
        self.threads = web.instances * self.settings.threads_per_instance
        self.station = Station(self.threads)
        self.usd_per_s = (
            web.instances * resolved.instance.pricing.price_per_hour_usd + resolved.load_balancer.overhead.price_per_hour_usd
        ) / 3600.0
        self.latency = LatencyHistogram()
        self.errors = 0.0
        self.requests = 0.0
        self._saturated = False
        self._sampled = False
        narrator = ctx.narrator
        self._turned_away = Episode(
            narrator, "timeout", f"web tier: {{pct}} of requests waited over the {duration(web.timeout_s)} ALB timeout for one "
            f"of the {num(self.threads)} request threads and failed ({{detail}})", "web tier timeouts", "requests failed",
            counted_one="request failed", min_fraction=0.0, min_count=0.5, quiet_s=QUIET_S)
        self._failed = Episode(
            narrator, "timeout", "web tier: {pct} of requests failed with their call to the workers ({detail})",
            "web tier failed calls", "requests failed", counted_one="request failed", min_fraction=0.0, min_count=0.5,
            quiet_s=QUIET_S)

    def window(self, t0: float, t1: float, job_latency_ms: np.ndarray, failed_share: float, call_timeout_s: float) -> None:
        """The window's web requests. `job_latency_ms`: completion times of direct calls this window (sync),
        `failed_share`: the share of direct calls that failed after `call_timeout_s`."""
        rng, ctx = self.ctx.rng, self.ctx
        arrivals = self.schedule.arrivals(rng, t0, t1, CAP_PER_WINDOW)
        t, m = arrivals.times_s, arrivals.times_s.size
        weight = arrivals.weight
        ctx.ledger.add("web tier", self.usd_per_s * (t1 - t0))
        self.requests += arrivals.count
        if m == 0:
            return
        failed = np.zeros(m, dtype=bool)
        if self.sync:
            failed = rng.random(m) < failed_share
            if job_latency_ms.size:
                hold = job_latency_ms[rng.integers(0, job_latency_ms.size, m)] / 1000.0
            else:
                hold = np.full(m, call_timeout_s)
            hold = np.where(failed, call_timeout_s, hold)
        else:
            hold = np.full(m, self.settings.send_ms / 1000.0)
        service = rng.exponential(self.own_s, m) + hold
        waits = self.station.process(
            t, service, t0, t1, arrivals.fraction, max_wait_s=self.web.timeout_s, real_count=float(arrivals.count),
        )
        turned_away = ~np.isfinite(waits)
        response_ms = self.alb_ms + (np.where(turned_away, 0.0, waits) + service) * 1000.0
        too_slow = response_ms > self.web.timeout_s * 1000.0
        bad = turned_away | failed | too_slow
        self.latency.add(response_ms[~bad], weight)
        n_bad = weight * float(bad.sum())
        self.errors += n_bad
        queued = float((waits > _QUEUED_S).mean())  # turned-away requests (inf) count as queued
        self._sampled = weight > 1.0
        self._narrate(t0, t1, weight * float(turned_away.sum()), weight * float(failed.sum()), arrivals.count,
                      response_ms[~bad], queued)

    def _narrate(self, t0: float, t: float, turned_away: float, failed: float, requests: float, ok_ms: np.ndarray,
                 queued: float) -> None:
        say = self.ctx.narrator.say
        busy = queued >= _SATURATED_SHARE
        # Counts from a weighted sample are estimates: whole numbers, said with "about".
        about = self._sampled
        for episode, n in ((self._turned_away, turned_away), (self._failed, failed)):
            episode.about = episode.about or about
            episode.update(t0, t, n / requests if requests else 0.0, n,
                           f"{counted(n, 'request', about=about)} in {duration(t - t0)}")
        if busy and not self._saturated:
            p99 = f" (p99 response {fmt_ms(float(np.percentile(ok_ms, 99)))})" if ok_ms.size else ""
            say(t, "web", f"web tier: all {num(self.threads)} request threads busy; {queued:.0%} of requests queue "
                f"for one{p99}")
        elif not busy and self._saturated:
            say(t, "web", "web tier: request threads free again")
        self._saturated = busy

    def close(self, t: float) -> None:
        """The run ends at t: web-tier failures still going are told with their totals."""
        self._turned_away.close(t)
        self._failed.close(t)

    def summary_fields(self) -> dict:
        h = self.latency
        return {
            "web_latency_ms": {
                "mean": round(h.mean_ms, 3), "p50": round(h.quantile(0.5), 3), "p99": round(h.quantile(0.99), 3),
                "max": round(h.max_ms, 3),
            },
            "web_errors": int(round(self.errors)),
        }

    def notes(self) -> list[str]:
        hand_off = "the whole call to the workers" if self.sync else f"a {self.settings.send_ms:g} ms SendMessage"
        return [
            f"Web tier: {num(self.threads)} request threads ({self.web.instances} instances) each held for the request's "
            f"own work and {hand_off}; its requests are drawn apart from the jobs' counts (same rate), and a full "
            "thread pool does not hold back the jobs sent to the workers."
        ]
