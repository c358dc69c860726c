"""What a simulation produces: window snapshots, narrated events, and the final result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """Something worth telling the learner, at a simulated time."""

    t_s: float
    kind: str
    """Short machine-readable kind: 'phase', 'throttle', 'scale', 'failure', 'evict', 'outage', ..."""
    text: str
    """A plain sentence with the wall-clock time and numbers, e.g. '10:02 DynamoDB throttled 8 % of writes: ...'."""


@dataclass(frozen=True)
class Window:
    """Metrics for one slice of simulated time [t_s, t_s + duration_s)."""

    t_s: float
    duration_s: float
    requests: int
    latency_ms: dict[str, float]
    """'mean', 'p50', 'p99', 'max' of requests completed in the window."""
    errors: int
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    sessions_lost: int = 0
    cost_usd: float = 0.0
    """Cost accrued up to the end of this window."""
    capacity: dict[str, float] = field(default_factory=dict)
    """e.g. {'instances': 6, 'wcu': 500}."""
    wait_ms_mean: float = 0.0
    """Mean time queued (web tier and store) of requests completed in the window."""
    sessions_lost_by_cause: dict[str, int] = field(default_factory=dict)
    """Sessions lost in the window, by cause."""
    in_system_mean: float = 0.0
    """Bare queue: mean number of requests in the system (waiting or served), sampled at random instants."""
    store_latency_ms: dict[str, float] = field(default_factory=dict)
    """'p50', 'p99' of the session store's operations that succeeded in the window (reads and writes, with
    the store's queueing, retries and backoff; no web or ALB time). Bare queue: the queue's response time."""
    session_misses: int = 0
    """Session reads in the window that found nothing (a user lost before can miss many times)."""


@dataclass(frozen=True)
class Summary:
    requests: int
    duration_s: float
    latency_ms: dict[str, float]
    """'mean', 'p50', 'p95', 'p99', 'max'."""
    wait_ms: dict[str, float]
    """'mean' (time queued before service)."""
    throughput_per_s: float
    errors: dict[str, int]
    """'total' plus one entry per kind."""
    sessions_lost: int
    """Sessions whose user was logged out (data lost, or a read missed it), each counted once."""
    sessions_lost_by_cause: dict[str, int]
    cost_usd: dict[str, float]
    """'total' plus one entry per component."""
    cost_usd_per_month: float
    """Projected monthly cost at this run's average rate."""
    unstable: bool = False
    """True when a queue grew without bound and the run stopped early."""
    session_reads: int = 0
    """Session reads made by continuing sessions."""
    session_misses: int = 0
    """Session reads that did not find the session (every one, however often the same user misses)."""
    sessions_started: int = 0
    """Sessions of the run: in progress at the start plus started during it (a ceiling for sessions_lost)."""
    writes_lost: int = 0
    """Acknowledged session writes lost (asynchronous replication at a failover)."""
    sample_fraction: float = 1.0
    """Smallest share of a window's requests simulated one by one (1.0: every request was)."""
    window_s: float = 0.0
    """Length of one window, seconds."""
    notes: tuple[str, ...] = ()
    """What the model approximates in this run, in plain sentences."""
    store_latency_ms: dict[str, float] = field(default_factory=dict)
    """'mean', 'p50', 'p95', 'p99', 'max' of session store operations that succeeded, over the run (reads
    and writes, with the store's queueing, retries and backoff; no web or ALB time). A bare queue's jobs
    are its operations, so there it equals the request latency."""
    jobs: int = 0
    """Decoupling runs: jobs the producer created (requests is the same count)."""
    jobs_lost: int = 0
    """Jobs never processed: calls that timed out or failed with no queue, messages deleted by retention."""
    jobs_processed_twice: int = 0
    """Extra processings of jobs already processed (visibility timeout shorter than the work)."""
    jobs_dead_lettered: int = 0
    jobs_out_of_order: int = 0
    """Jobs that may be processed out of order within their message group (standard queue or direct calls)."""
    """Messages moved to a dead-letter queue after maxReceiveCount receives."""
    lambda_throttles: int = 0
    """Lambda invocations throttled by a concurrency limit (their messages return to the queue)."""
    oldest_message_age_s: float = 0.0
    """Largest age reached by an unprocessed message."""
    worker_cost_usd_per_month: float = 0.0
    """Worker tier (EC2 instances or Lambda) cost, projected to a month at this run's rate."""
    queue_cost_usd_per_month: float = 0.0
    """SQS requests (empty receives included) and SNS publishes, projected to a month."""
    sqs_requests: int = 0
    """Billed SQS requests: each 64 KB chunk of a send or receive, deletes, and empty receives."""
    sqs_empty_receives: int = 0
    """Receives that returned no message."""
    sends_repeated: int = 0
    """Jobs the producer sent a second time after a lost response."""
    sends_deduplicated: int = 0
    """Repeated sends a FIFO queue dropped (same deduplication id within its interval)."""
    web_latency_ms: dict[str, float] = field(default_factory=dict)
    """Decoupling runs with a web tier: 'mean', 'p50', 'p99', 'max' response time of the web requests that succeeded."""
    web_errors: int = 0
    """Web requests that failed: no request thread within the ALB timeout, or a direct call that failed."""


@dataclass(frozen=True)
class Update:
    """What `run()` yields while it works."""

    windows: list[Window]
    events: list[Event]
    progress: float
    """Fraction of simulated time done, 0..1."""


@dataclass(frozen=True)
class Result:
    scenario: str
    option: str | None
    correct: bool | None
    seed: int
    store_kind: str
    store_profile: str
    summary: Summary
    windows: list[Window]
    events: list[Event]
    store_traits: dict[str, bool] = field(default_factory=dict)
    """The store profile's qualitative traits (serverless, in_memory, shared, durable, auto_scaling), so a
    result alone can be judged on them."""

    def to_json(self) -> dict[str, Any]:
        """The JSON object `quizsim sim --json` prints for one run (DESIGN.md, Interfaces)."""
        summary = asdict(self.summary)
        summary["errors"] = dict(self.summary.errors)
        summary["notes"] = list(self.summary.notes)
        return {
            "scenario": self.scenario,
            "option": self.option,
            "correct": self.correct,
            "seed": self.seed,
            "store": {"kind": self.store_kind, "profile": self.store_profile, "traits": dict(self.store_traits)},
            "summary": summary,
            "windows": [
                {
                    "t_s": w.t_s,
                    "requests": w.requests,
                    "latency_ms": w.latency_ms,
                    "errors": w.errors,
                    "errors_by_kind": w.errors_by_kind,
                    "sessions_lost": w.sessions_lost,
                    "cost_usd": w.cost_usd,
                    "capacity": w.capacity,
                    "wait_ms_mean": w.wait_ms_mean,
                    "sessions_lost_by_cause": w.sessions_lost_by_cause,
                    "in_system_mean": w.in_system_mean,
                    "store_latency_ms": w.store_latency_ms,
                    "session_misses": w.session_misses,
                }
                for w in self.windows
            ],
            "events": [asdict(e) for e in self.events],
        }
