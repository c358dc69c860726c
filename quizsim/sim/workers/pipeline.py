"""The decoupling path of a run: producer → (direct call | SQS | SNS → one SQS queue per consumer) → workers."""

from __future__ import annotations

import numpy as np

from quizsim.content.resolve import ResolvedScenario
from quizsim.sim.context import SimContext
from quizsim.sim.ledger import SECONDS_PER_MONTH
from quizsim.sim.pipeline import Outcome, Pipeline
from quizsim.sim.workers.consumer import Consumer, Tally
from quizsim.sim.workers.narration import ConsumerLog
from quizsim.sim.workers.producer import ProducerTier
from quizsim.sim.workload import RateSchedule
from quizsim.text import counted, duration, num

SAMPLES_PER_WINDOW = 1000
"""Completed jobs drawn per window to describe completion times (each stands for its share of the rest)."""


def tick_s(duration_s: float, window_s: float) -> float:
    """One second, or coarser for long runs (about 7,200 ticks at most), never beyond a window."""
    return float(min(window_s, max(1.0, duration_s / 7200.0)))


class WorkQueuePipeline(Pipeline):
    """Every arrival is a job; each consumer gets a copy (one consumer: no fan-out)."""

    def __init__(self, resolved: ResolvedScenario, ctx: SimContext, schedule: RateSchedule) -> None:
        self.ctx = ctx
        self.schedule = schedule
        self.profile = resolved.store
        self.cap = SAMPLES_PER_WINDOW
        self.consumers = [Consumer(self.profile, ctx.narrator.say, i, ctx.rng) for i in range(self.profile.consumers)]
        self.dt = tick_s(ctx.duration_s, ctx.window_s)
        self.fanout = self.profile.consumers > 1 and self.profile.delivery != "sync"
        self.jobs = 0.0
        self.lost = self.processed_twice = self.dead_lettered = self.throttled = self.out_of_order = 0.0
        self.worker_usd = 0.0
        self.queue_usd = 0.0
        self.sqs_requests = self.empty_receives = self.resent = self.deduplicated = 0.0
        many = len(self.consumers) > 1
        self.logs = [ConsumerLog(ctx.narrator, c, self.profile, f" of consumer {c.index + 1}" if many else "")
                     for c in self.consumers]
        self._was_down = [False] * len(self.consumers)
        self.producer = ProducerTier(resolved, ctx, schedule) if resolved.scenario.web is not None else None

    def _down(self, index: int, t: float) -> bool:
        p = self.profile
        return index == 0 and p.consumer_outage_at_s is not None and p.consumer_outage_at_s <= t < p.consumer_outage_at_s + p.consumer_outage_s

    def _say_outage(self, t: float, c: Consumer, down: bool) -> None:
        """The consumer's workers stop or come back."""
        self._was_down[c.index] = down
        p = self.profile
        who = f"consumer {c.index + 1}'s workers" if len(self.consumers) > 1 else "the workers"
        if down:
            then = ("direct calls to them fail" if c.sync
                    else f"jobs wait in the queue, each for at most the retention period ({duration(c.keep_s)})")
            text = f"outage: {who} stop for {duration(p.consumer_outage_s)}; {then}"
        else:
            waiting = "" if c.sync else f"; {counted(c.depth(), 'message')} waiting in the queue"
            text = f"outage over: {who} take work again after {duration(p.consumer_outage_s)}{waiting}"
        self.ctx.narrator.say(t, "outage", text)

    def window(self, t0: float, t1: float) -> Outcome:
        rng, ctx = self.ctx.rng, self.ctx
        for c in self.consumers:
            c.tally = Tally()
        count = 0
        n_ticks = max(1, int(round((t1 - t0) / self.dt)))
        dt = (t1 - t0) / n_ticks
        poison_share = self.profile.job.poison_share
        for i in range(n_ticks):
            t = t0 + i * dt
            jobs = int(rng.poisson(float(self.schedule.rate(t + dt / 2)) * dt))
            count += jobs
            for c in self.consumers:
                down = self._down(c.index, t)
                if down != self._was_down[c.index]:
                    self._say_outage(t, c, down)
                c.tick(t, dt, float(jobs), jobs * poison_share, down)
        self.jobs += count
        return self._outcome(t0, t1, count)

    def _outcome(self, t0: float, t1: float, count: int) -> Outcome:
        ctx, rng = self.ctx, self.ctx.rng
        entries = [e for c in self.consumers for e in c.tally.completions]
        waits = np.array([e[0] for e in entries]) if entries else np.zeros(0)
        jobs = np.array([e[1] for e in entries]) if entries else np.zeros(0)
        colds = np.array([e[2] for e in entries]) if entries else np.zeros(0)
        done = float(jobs.sum())
        latency = wait = np.zeros(0)
        weight = 1.0
        if done > 0.5:
            n = int(min(SAMPLES_PER_WINDOW, max(1, round(done))))
            pick = rng.choice(len(entries), size=n, p=jobs / done)
            service_ms = self.consumers[0].sampler.draw_ms(rng, n)
            cold_ms = np.where(rng.random(n) < colds[pick], self.profile.function.cold_start_ms, 0.0) if self.profile.workers == "lambda" else 0.0
            wait = waits[pick] * 1000.0
            latency = wait + service_ms + cold_ms
            weight = done / n
        if self.producer is not None:
            failed = sum(c.tally.lost for c in self.consumers if c.sync)  # direct calls that timed out or failed
            calls = max(1.0, count * len(self.consumers))
            self.producer.window(t0, t1, latency, min(1.0, failed / calls), self.profile.job.sync_timeout_s)
        self._account(t0, t1, count)
        return Outcome(count, weight, latency, wait, store_latency_ms=latency)

    def _account(self, t0: float, t1: float, sent: int) -> None:
        ctx = self.ctx
        sqs_usd = sns_usd = worker_usd = 0.0
        for c, log in zip(self.consumers, self.logs):
            tl = c.tally
            self.lost += tl.lost
            self.processed_twice += tl.processed_again
            self.out_of_order += tl.out_of_order
            self.dead_lettered += tl.dead_lettered
            self.throttled += tl.throttled
            sqs_usd += tl.requests * c.usd_per_request
            worker_usd += tl.worker_usd
            self.sqs_requests += tl.requests
            self.empty_receives += tl.empty_receives
            self.resent += tl.resent
            self.deduplicated += tl.deduplicated
            if tl.timed_out > 0:
                ctx.error("timeout", tl.timed_out)
            if tl.send_timed_out > 0:
                ctx.error("throttled", tl.send_timed_out)
            log.window(t0, t1, tl, sent)
        if self.fanout:
            sns_usd = self._window_jobs(t0, t1) * self.profile.sns.usd_per_million_publishes / 1e6
        ctx.ledger.add("sqs requests", sqs_usd)
        ctx.ledger.add("sns publishes", sns_usd)
        ctx.ledger.add("workers", worker_usd)
        self.worker_usd += worker_usd
        self.queue_usd += sqs_usd + sns_usd

    def _window_jobs(self, t0: float, t1: float) -> float:
        return float(self.schedule.rate((t0 + t1) / 2)) * (t1 - t0)

    def capacity(self) -> dict[str, float]:
        c = self.consumers[0]
        # Whole messages and invocations: the fluid model's fractions are not something a learner can count.
        cap = {"queue_depth": float(round(c.depth())), "oldest_message_age_s": float(round(c.oldest_age_s))}
        if c.fleet is not None:
            cap["instances"] = c.fleet.instances
        else:
            cap["lambda_concurrency"] = float(round(min(c.fn.pollers, c.fn.limit)))
        return cap

    def finish(self, t: float, stopped: bool) -> str:
        for log in self.logs:
            log.close(t)
        if self.producer is not None:
            self.producer.close(t)
        return ""

    def notes(self) -> list[str]:
        notes = [
            "Jobs move through the queue in cohorts one tick at a time; completion times are drawn per window "
            f"from up to {SAMPLES_PER_WINDOW:,} completed jobs."
        ]
        if self.producer is not None:
            notes += self.producer.notes()
        pending = sum(c.pending() for c in self.consumers)
        if pending >= 0.5:
            notes.append(f"{num(pending)} jobs were still queued or in flight when the run ended (not counted as lost).")
        return notes

    def summary_fields(self, simulated_s: float) -> dict:
        return {
            "jobs": int(round(self.jobs)),
            "jobs_lost": int(round(self.lost)),
            "jobs_processed_twice": int(round(self.processed_twice)),
            "jobs_dead_lettered": int(round(self.dead_lettered)),
            "jobs_out_of_order": int(round(self.out_of_order)),
            "lambda_throttles": int(round(self.throttled)),
            "oldest_message_age_s": round(max(c.oldest_age_s for c in self.consumers), 1),
            "worker_cost_usd_per_month": round(self.worker_usd / max(simulated_s, 1e-9) * SECONDS_PER_MONTH, 2),
            "queue_cost_usd_per_month": round(self.queue_usd / max(simulated_s, 1e-9) * SECONDS_PER_MONTH, 2),
            "sqs_requests": int(round(self.sqs_requests)),
            "sqs_empty_receives": int(round(self.empty_receives)),
            "sends_repeated": int(round(self.resent)),
            "sends_deduplicated": int(round(self.deduplicated)),
            **(self.producer.summary_fields() if self.producer is not None else {}),
        }
