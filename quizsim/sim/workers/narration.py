"""What one consumer's log tells: each ongoing condition (throttling, retention loss, poison messages, empty
receives…) as an episode — when it starts, when it grows a lot, and when it ends with its total."""

from __future__ import annotations

from quizsim.sim.episodes import Episode
from quizsim.sim.workers.consumer import LAMBDA_WAIT_S, Consumer, Tally
from quizsim.text import counted, duration, fmt_ms, num

QUIET_S = 600.0
"""A condition absent for less than this is still the same episode: a sporadic one (a message processed
twice every few minutes) is told as one stretch with its total, not as a start and an end per occurrence.
Conditions driven by the visibility timeout wait at least two timeouts (their messages come back in bursts)."""
_WHOLE = 0.5
"""A window counts towards an episode from one whole message (its fluid count rounds to at least 1)."""


class ConsumerLog:
    """The episodes of one consumer; `window` feeds them its tally, `close` tells those still going at the end."""

    def __init__(self, narrator, consumer: Consumer, profile, name: str) -> None:
        c, p = consumer, profile
        self.c, self.p = c, p
        vt = duration(c.vt_s)

        def episode(kind, template, ended, noun, one, about=False, recurs_after_s=0.0):
            return Episode(narrator, kind, template, ended + name, noun, counted_one=one, min_fraction=0.0,
                           min_count=_WHOLE, quiet_s=max(QUIET_S, 2 * recurs_after_s), about=about)

        self.sends_lost = episode(
            "throttle", f"{{pct}} of sends{name} throttled by the FIFO queue's limit of {num(c.send_cap_per_s)} messages "
            f"per second until the producer's {duration(p.job.sync_timeout_s)} timeout: jobs lost ({{detail}})",
            "FIFO send throttling", "sends lost", "send lost")
        self.timed_out = episode(
            "timeout", f"{{pct}} of calls{name} waited over the {duration(c.keep_s)} timeout for a free worker and "
            "failed: jobs lost ({detail})", "direct calls timing out", "calls failed", "call failed")
        self.expired = episode(
            "lost", f"messages{name} passed the retention period ({duration(c.keep_s)}): deleted unprocessed, {{detail}}",
            "deletion of messages past retention", "messages deleted unprocessed", "message deleted unprocessed")
        self.failed = episode(
            "failure", f"{{pct}} of jobs{name} failed in the worker: lost, no queue to retry from ({{detail}})",
            "worker failures", "jobs lost", "job lost")
        self.again = episode(
            "duplicate", f"visibility timeout expired on {{pct}} of the messages{name} still being worked on: "
            "processed again ({detail})", "repeated processing", "messages processed again", "message processed again",
            about=True, recurs_after_s=c.vt_s)
        self.poison = episode(
            "poison", f"{{pct}} of receives{name} are of poison messages and fail; they return after the {vt} "
            "visibility timeout ({detail})", "failing receives of poison messages", "receives failed", "receive failed",
            about=True, recurs_after_s=c.vt_s)
        self.dead = episode(
            "dlq", f"messages{name} reach maxReceiveCount and move to the dead-letter queue: {{detail}}",
            "moves to the dead-letter queue", "messages moved", "message moved", recurs_after_s=c.vt_s)
        limit = num(c.fn.limit) if c.fn is not None else ""
        self.throttled = episode(
            "throttle", f"Lambda throttled {{pct}} of the invocations{name} (concurrency limit {limit}); their messages "
            f"return after the {vt} visibility timeout ({{detail}})", "Lambda throttling", "messages throttled",
            "message throttled", about=True, recurs_after_s=c.vt_s)
        window = duration(c.dedup_window_s)
        self.dedup = episode(
            "dedup", f"the producer sends {{pct}} of jobs{name} again after a timeout; FIFO drops the repeats sent "
            f"within the {window} deduplication interval ({{detail}})", "repeated sends", "repeats dropped",
            "repeat dropped", about=True)
        why = f"after the {window} deduplication interval: delivered again" if c.fifo else "a standard queue keeps both copies"
        self.twice = episode(
            "duplicate", f"{{pct}} of jobs{name} sent twice by the producer, {why} ({{detail}})",
            "repeated sends delivered", "jobs delivered twice", "job delivered twice", about=True)
        q = p.queue
        how = (f"long polling, {duration(q.receive_wait_s)} wait" if p.workers == "ec2" and q.receive_wait_s > 0
               else f"long polling, {duration(LAMBDA_WAIT_S)} wait" if p.workers == "lambda"
               else f"short polling every {fmt_ms(q.empty_receive_interval_s * 1000)} while the queue is empty")
        self.polling = episode(
            "polling", f"receives{name} come back empty ({how}): {{detail}}, billed like any other",
            "empty receives", "empty receives", "empty receive", about=True)
        self.all = [self.sends_lost, self.timed_out, self.expired, self.failed, self.again, self.poison, self.dead,
                    self.throttled, self.dedup, self.twice, self.polling]

    def window(self, t0: float, t1: float, tl: Tally, sent: float) -> None:
        """Feed one window's tally; `sent`: jobs the producer sent this consumer in it."""
        c, dt = self.c, t1 - t0

        def tell(ep: Episode, n: float, out_of: float, about: bool = False, usd: float = 0.0) -> None:
            share = min(1.0, n / out_of) if out_of > 0 else (1.0 if n > 0 else 0.0)
            ep.update(t0, t1, share, n, f"{counted(n, _noun(ep), about=about)} in {duration(dt)}", usd=usd)

        first = sum(e[1] for e in tl.completions)
        rest = tl.lost - tl.timed_out - tl.send_timed_out
        tell(self.sends_lost, tl.send_timed_out, max(sent, tl.send_timed_out))
        tell(self.timed_out, tl.timed_out, max(sent, tl.timed_out))
        tell(self.expired if not c.sync else self.failed, rest, max(sent, rest))
        tell(self.again, tl.processed_again, first + tl.processed_again, about=True)
        tell(self.poison, tl.poison_receives, tl.received, about=True)
        tell(self.dead, tl.dead_lettered, max(sent, tl.dead_lettered))
        tell(self.throttled, tl.throttled, tl.received, about=True)
        tell(self.dedup, tl.deduplicated, max(sent, tl.resent), about=True)
        tell(self.twice, tl.resent - tl.deduplicated, max(sent, tl.resent), about=True)
        # Empty receives: the rate (not a share) is what a learner reads, so the episode is not re-told as it grows.
        per_min = tl.empty_receives * 60.0 / dt if dt > 0 else 0.0
        self.polling.update(t0, t1, 1.0 if tl.empty_receives > 0 else 0.0, tl.empty_receives,
                            f"{counted(per_min, 'empty receive', about=True)} a minute", usd=tl.empty_receives * c.usd_per_request)

    def close(self, t: float) -> None:
        for ep in self.all:
            ep.close(t)


def _noun(ep: Episode) -> str:
    """The noun a window's count is told in: 'send', 'message', 'receive', 'job', 'call'."""
    return ep.counted_one.split()[0]
