"""One consumer of jobs: its SQS queue (or direct calls) and its worker tier, advanced one tick at a time.

Messages move in cohorts (arrival time, count, receives, poison, already processed) so a run costs the same
at 10 or 10,000 jobs per second. A received message is hidden for the visibility timeout; a worker that
finishes later, or fails (a poison message), leaves it to be delivered again; after maxReceiveCount receives
it goes to the dead-letter queue, and past the retention period SQS deletes it.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass, field

from quizsim.content.backends.work_queue import WorkQueueBackend
from quizsim.sim.sampling import Sampler
from quizsim.sim.workers.fleet import Ec2Fleet, LambdaConsumer

EPS = 1e-9
_MERGE_S = 60.0
_HIDDEN_SCAN_S = 30.0
_EXPIRY_SCAN_S = 5.0
"""Retention (and the sync callers' timeout) is checked this often: a message is deleted at most this late."""
LAMBDA_WAIT_S = 20.0
"""Assumed: the event source mapping long-polls with the 20 s maximum wait (AWS says only that it long-polls)."""
_RESEND_DRAWS = 8
"""Retry delays drawn per tick: the tick's repeated sends split into this many cohorts, one per delay."""


def share_longer_than(sampler: Sampler, limit_ms: float) -> float:
    """P(service time > limit): the share of jobs still running when their visibility timeout expires."""
    spec = sampler.spec
    if spec.dist == "deterministic":
        return 1.0 if sampler.mean_ms > limit_ms else 0.0
    if spec.dist == "exponential":
        return math.exp(-limit_ms / sampler.mean_ms)
    z = (math.log(limit_ms) - sampler.mu) / sampler.sigma
    return 0.5 * math.erfc(z / math.sqrt(2))


@dataclass
class Tally:
    """What one consumer did in the current window (reset by the pipeline)."""

    completions: list[tuple[float, float, float]] = field(default_factory=list)
    """(waited s, jobs, share of them with a cold start) of first completions."""
    processed_again: float = 0.0
    out_of_order: float = 0.0
    lost: float = 0.0
    timed_out: float = 0.0
    """Direct calls that waited longer than the caller's timeout for a free worker."""
    send_timed_out: float = 0.0
    """FIFO sends throttled by the queue's throughput limit until the producer's timeout: never sent."""
    dead_lettered: float = 0.0
    redelivered: float = 0.0
    poison_receives: float = 0.0
    received: float = 0.0
    """Messages handed to the workers (throttled and failing ones included)."""
    throttled: float = 0.0
    requests: float = 0.0
    """Billable SQS requests (empty receives included)."""
    empty_receives: float = 0.0
    """Receives that returned no message (billed like any other)."""
    resent: float = 0.0
    """Sends the producer repeated."""
    deduplicated: float = 0.0
    """Repeated sends a FIFO queue accepted but did not deliver (same deduplication id within the interval)."""
    worker_usd: float = 0.0


class Consumer:
    """A queue (or direct calls when delivery is 'sync') feeding one worker tier."""

    def __init__(self, profile: WorkQueueBackend, say, index: int, rng=None) -> None:
        self.p = profile
        self.rng = rng
        self.say = say
        self.index = index
        self.sync = profile.delivery == "sync"
        self.fifo = profile.delivery == "sqs_fifo"
        self.sampler = Sampler(profile.job.service_time)
        self.mean_s = self.sampler.mean_ms / 1000.0
        q = profile.queue
        self.vt_s = q.visibility_timeout_s
        self.late_share = 0.0 if self.sync else share_longer_than(self.sampler, self.vt_s * 1000.0)
        self.keep_s = profile.job.sync_timeout_s if self.sync else q.retention_s
        self.visible: deque[list] = deque()  # [created, count, receives, poison, done]
        self.hidden: list[tuple[float, int, list]] = []  # heap of (visible again at, seq, cohort)
        self._seq = 0
        self.backlog_send: deque[list] = deque()  # FIFO sends throttled, retried by the producer
        self.fleet = Ec2Fleet(profile.ec2, say, profile.job.cpu_share) if profile.workers == "ec2" else None
        self.fn = LambdaConsumer(profile.function, say) if profile.workers == "lambda" else None
        self.send_cap_per_s = self._fifo_cap() if self.fifo else math.inf
        self.tally = Tally()
        self.oldest_age_s = 0.0
        self.hidden_poison = 0.0
        self._next_expiry = 0.0
        self._next_hidden_scan = 0.0
        self._hidden_oldest = math.inf
        self.visible_n = 0.0
        self._rate_per_s = 0.0
        self._hidden_now: dict = {}
        # Each 64 KB chunk of a call's payload is a billed request: a send or receive of a batch of n messages
        # bills ceil(n × size / 64 KB); a delete carries no payload.
        batch = 10 if (self.fifo and q.batching) else 1
        payload = math.ceil(batch * profile.job.size_kb / profile.sqs.chunk_kb) / batch
        self.send_requests = 0.0 if self.sync else payload
        self.receive_requests = 0.0 if self.sync else payload + 1.0 / batch  # the receive and the delete
        self.usd_per_request = (profile.sqs.fifo_usd_per_million if self.fifo else profile.sqs.standard_usd_per_million) / 1e6
        self.poll_cycle_s = q.receive_wait_s if q.receive_wait_s > 0 else q.empty_receive_interval_s
        self.resend = None if self.sync or profile.job.resent_share <= 0 else Sampler(profile.job.resend_after)
        self.dedup_window_s = profile.sqs.fifo_deduplication_window_s if self.fifo else 0.0

    def _fifo_cap(self) -> float:
        q, s = self.p.queue, self.p.sqs
        if q.high_throughput:
            return s.fifo_high_throughput_messages_per_s * (10 if q.batching else 1)
        return s.fifo_batched_messages_per_s if q.batching else s.fifo_messages_per_s

    # -- one tick ------------------------------------------------------------------------------------
    def tick(self, t: float, dt: float, jobs: float, poison: float, down: bool) -> None:
        self._rate_per_s = jobs / dt
        self._send(t, dt, jobs, poison)
        self._release(t)
        if t + EPS >= self._next_expiry:
            self._next_expiry = t + _EXPIRY_SCAN_S
            self._expire(t)
        self._receive(t, dt, down)

    def _send(self, t: float, dt: float, jobs: float, poison: float) -> None:
        if jobs <= 0 and not self.backlog_send:
            return
        if jobs > 0:
            if poison > 0:
                self.backlog_send.append([t, poison, 0, True, False])
            if jobs - poison > 0:
                self.backlog_send.append([t, jobs - poison, 0, False, False])
        room = self.send_cap_per_s * dt
        while self.backlog_send and room > EPS:
            c = self.backlog_send[0]
            take = min(c[1], room)
            room -= take
            self._enqueue([c[0], take, 0, c[3], False])
            self.tally.requests += take * self.send_requests
            c[1] -= take
            if c[1] <= EPS:
                self.backlog_send.popleft()
        if self.resend is not None and jobs > poison:
            self._resend(t, (jobs - poison) * self.p.job.resent_share)

    def _resend(self, t: float, again: float) -> None:
        """The producer sends `again` jobs a second time after its retry delay. A standard queue delivers the
        copy as a new message; a FIFO queue drops it when it comes within the deduplication interval (the id
        is remembered even after the first copy was deleted)."""
        self.tally.resent += again
        self.tally.requests += again * self.send_requests
        delays_s = self.resend.draw_ms(self.rng, 1 if self.resend.spec.dist == "deterministic" else _RESEND_DRAWS) / 1000.0
        part = again / delays_s.size
        for delay_s in delays_s:
            if delay_s <= self.dedup_window_s:
                self.tally.deduplicated += part
            else:  # a second message, already processed once when its turn comes: visible at the retry
                self._hide(t + float(delay_s), [t, part, 0, False, True])

    def _enqueue(self, cohort: list) -> None:
        v = self.visible
        self.visible_n += cohort[1]
        if v and v[-1][0] == cohort[0] and v[-1][2:] == cohort[2:]:
            v[-1][1] += cohort[1]
        else:
            v.append(cohort)

    def _hide(self, until: float, cohort: list) -> None:
        if cohort[3]:
            self.hidden_poison += cohort[1]
        # Cohorts hidden in the same tick with the same history travel together; for failed or already
        # processed messages the arrival time only matters for retention, so it may be up to a minute off.
        loose = cohort[3] or cohort[4]
        receives = cohort[2] if self.p.queue.max_receive_count is not None else 0  # only a redrive counts them
        key = (until, receives, cohort[3], cohort[4], int(cohort[0] // _MERGE_S) if loose else cohort[0])
        same = self._hidden_now.get(key)
        if same is not None:
            same[1] += cohort[1]
            same[0] = min(same[0], cohort[0])
            same[2] = max(same[2], cohort[2])
            return
        self._hidden_now[key] = cohort
        self._seq += 1
        heapq.heappush(self.hidden, (until, self._seq, cohort))

    def _release(self, t: float) -> None:
        max_rc = self.p.queue.max_receive_count
        expired = 0.0
        while self.hidden and self.hidden[0][0] <= t + EPS:
            _, _, c = heapq.heappop(self.hidden)
            if c[3]:
                self.hidden_poison -= c[1]
            expired += c[1]
            if max_rc is not None and c[2] >= max_rc:
                self.tally.dead_lettered += c[1]
                continue
            self.visible_n += c[1]
            front = self.visible[0] if self.visible else None
            if front is not None and front[2:] == c[2:] and (c[3] or c[4]) and abs(front[0] - c[0]) < _MERGE_S:
                front[1] += c[1]
                front[0] = min(front[0], c[0])
            else:
                self.visible.appendleft(c)  # visible again: SQS hands it out among the oldest
        self.tally.redelivered += expired

    def _expire(self, t: float) -> None:
        """Messages past retention (sync: callers past their timeout) are gone. The queue is oldest first
        (messages visible again go to its front), so only its head is checked."""
        oldest = t
        for q in (self.visible, self.backlog_send):
            # A send throttled (FIFO limit) for longer than the producer's timeout is given up.
            limit = t - (self.p.job.sync_timeout_s if q is self.backlog_send else self.keep_s)
            while q and q[0][0] < limit:
                c = q.popleft()
                if q is self.visible:
                    self.visible_n -= c[1]
                if not c[4]:
                    self.tally.lost += c[1]
                    if q is self.backlog_send:
                        self.tally.send_timed_out += c[1]
                    elif self.sync:
                        self.tally.timed_out += c[1]
            for c in q:
                if not c[4]:
                    oldest = min(oldest, c[0])
                    break
        if self.hidden and t + EPS >= self._next_hidden_scan:
            self._next_hidden_scan = t + _HIDDEN_SCAN_S
            self._hidden_oldest = min((c[0] for _, _, c in self.hidden if not c[4]), default=math.inf)
        if self.hidden:
            oldest = min(oldest, self._hidden_oldest)
        self.oldest_age_s = max(self.oldest_age_s, t - oldest)

    def depth(self) -> float:
        """Messages visible in the queue plus sends waiting out the FIFO limit (never below zero: the
        running sum of fractional cohorts may drift a hair under it)."""
        return max(0.0, self.visible_n + sum(c[1] for c in self.backlog_send))

    def _receive(self, t: float, dt: float, down: bool) -> None:
        self._hidden_now = {}
        visible = self.visible_n
        cold_share = 0.0
        throttled_share = 0.0
        # FIFO: one message in flight per message group, none from a group whose failed message is hidden;
        # receives and deletes share the API's throughput limit with the sends.
        fifo_cap = math.inf
        if self.fifo:
            blocked = min(self.hidden_poison, float(self.p.queue.message_groups))
            fifo_cap = min(self.p.queue.message_groups - blocked, self.send_cap_per_s * self.mean_s)
        if self.fleet is not None:
            slots = 0.0 if down else min(self.fleet.slots(t), fifo_cap)
            self.tally.worker_usd += self.fleet.instances * self.fleet.cost_rate_usd_per_s * dt
        else:
            # The mapping's pollers stop at what the queue lets them take, and only invocations they make
            # can be throttled: the group cap comes before the concurrency limit.
            pollers, running, cold = (0.0, 0.0, 0.0) if down else self.fn.concurrency(t, dt, visible, self.mean_s, fifo_cap)
            slots = pollers
            throttled_share = (pollers - running) / pollers if pollers > 0 else 0.0
            cold_share = cold / running if running > 0 else 0.0
        capacity = max(0.0, slots) * dt / self.mean_s
        taken = 0.0
        while self.visible and capacity - taken > EPS:
            c = self.visible[0]
            k = min(c[1], capacity - taken)
            taken += k
            c[1] -= k
            self.visible_n -= k
            if c[1] <= EPS:
                self.visible.popleft()
            self._process(t, c, k, throttled_share, cold_share)
        self.tally.received += taken
        if not self.sync:
            self._poll_empty(dt, slots, taken, down)
        if self.fleet is not None:
            self.fleet.record(taken * self.mean_s, max(0.0, slots) * dt)
            self.fleet.control(t, self.depth())
        elif taken > 0:
            ran = taken * (1 - throttled_share)
            fn = self.fn.spec
            busy_s = ran * self.mean_s + ran * cold_share * fn.cold_start_ms / 1000.0
            self.tally.worker_usd += busy_s * self.fn.gb * fn.usd_per_gb_s + ran / fn.batch_size * fn.usd_per_million_requests / 1e6
        self.tally.requests += taken * self.receive_requests

    def _poll_empty(self, dt: float, slots: float, taken: float, down: bool) -> None:
        """Empty receives this tick. Each idle poller repeats a receive every poll cycle c (the long-poll wait,
        or the short-poll interval); a receive is empty when no message reached that poller during its
        cycle. With I idle pollers sharing the λ messages per second they take, a cycle is empty with
        probability exp(-λc/I), so they make λ / (exp(λc/I) - 1) empty receives per second (I/c when idle)."""
        if down:
            return
        if self.fleet is not None:
            idle = max(0.0, slots * dt - taken * self.mean_s) / dt  # worker threads with nothing to do
        else:
            # The event source mapping keeps its first pollers long-polling while the queue is empty.
            idle = float(self.fn.spec.initial_concurrency) if self.fn.pollers <= 0 else 0.0
        if idle <= EPS:
            return
        rate = taken / dt
        cycle = self.poll_cycle_s if self.fleet is not None else LAMBDA_WAIT_S
        x = rate * cycle / idle
        empty_per_s = idle / cycle if x < 1e-9 else rate / math.expm1(min(x, 700.0))
        self.tally.empty_receives += empty_per_s * dt
        self.tally.requests += empty_per_s * dt

    def _process(self, t: float, c: list, k: float, throttled_share: float, cold_share: float) -> None:
        created, _, receives, poison, done = c
        if not self.fifo and not done:
            self.tally.out_of_order += k * self._overlap_share(receives)
        if self.sync:
            if poison:  # the call fails; the producer has nowhere to keep the job
                self.tally.lost += k
            else:
                self.tally.completions.append((t - created, k, 0.0))
            return
        if throttled_share > 0:
            back = min(k, self._whole(k * throttled_share))
            if back > 0:
                self.tally.throttled += back
                self._hide(t + self.vt_s, [created, back, receives + 1, poison, done])
                k -= back
            if k <= 0:
                return
        if poison:
            self.tally.poison_receives += k
            self._hide(t + self.vt_s, [created, k, receives + 1, True, False])
            return
        if done:
            self.tally.processed_again += k
        else:
            self.tally.completions.append((t - created, k, cold_share))
        late = self._whole(k * self.late_share)
        if late > EPS:  # still running when the timeout expires: another worker gets it too
            self._hide(t + self.vt_s, [created, late, receives + 1, False, True])

    def _overlap_share(self, receives: int) -> float:
        """Share of jobs that may finish out of order within their group: a redelivered message always, else
        the chance that the group's next job arrives while this one is still being processed (Poisson
        arrivals at rate/groups during one mean processing time). A FIFO queue never lets that happen."""
        if receives > 0:
            return 1.0
        per_group = self._rate_per_s / self.p.queue.message_groups
        return 1.0 - math.exp(-per_group * self.mean_s)

    def _whole(self, x: float) -> float:
        """A share below one message becomes one message or none (same mean), so split-off cohorts do not
        leave fractions of a message bouncing in the queue forever."""
        if x >= 1.0 or x <= 0.0 or self.rng is None:
            return x
        return 1.0 if self.rng.random() < x else 0.0

    def pending(self) -> float:
        """Jobs not yet processed once (queued, hidden or waiting to be sent)."""
        n = sum(c[1] for c in self.visible if not c[4]) + sum(c[1] for c in self.backlog_send)
        return n + sum(c[1] for _, _, c in self.hidden if not c[4])
