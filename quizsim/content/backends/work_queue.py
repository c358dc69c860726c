"""A producer → (SQS queue | direct call) → worker tier system: the profile of a decoupling design."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from quizsim.content.backends.common import BackendBase
from quizsim.content.base import NonNegative, Sourced
from quizsim.content.distributions import Distribution


class SqsSettings(Sourced):
    """The queue between producer and workers (ignored when delivery is 'sync'): the architect's settings."""

    assumed: str | None = (
        "the architect's settings; unset ones keep SQS's CreateQueue defaults (30 s visibility timeout, 4 days "
        "retention, 0 s receive wait, i.e. short polling; no DLQ), as the SQS API Reference lists them for "
        "CreateQueue (quoted in the AWS SDK references, read 2026-12); a short-polling worker thread polls again 50 ms after an empty receive (assumed)"
    )

    visibility_timeout_s: float = Field(default=30, gt=0, le=43_200)
    """A received message stays hidden this long; if not deleted by then it is delivered again."""
    max_receive_count: int | None = Field(default=None, ge=1, le=1000)
    """Redrive policy: after this many receives a message moves to the dead-letter queue (null: no DLQ)."""
    retention_s: float = Field(default=345_600, ge=60, le=1_209_600)
    """Messages older than this are deleted by SQS (4 days by default, 60 s to 14 days)."""
    message_groups: int = Field(default=1, ge=1, le=1_000_000)
    """FIFO: distinct message group ids; one message per group is in flight at a time."""
    batching: bool = False
    """FIFO: producers send and consumers delete in batches of 10 (raises the throughput limit)."""
    high_throughput: bool = False
    """FIFO: high-throughput mode."""
    receive_wait_s: float = Field(default=0, ge=0, le=20)
    """ReceiveMessage wait time (ReceiveMessageWaitTimeSeconds, SQS's default 0): 0 is short polling (an empty
    queue answers at once, empty), 1-20 long polling (SQS holds the request until a message arrives or the wait
    ends). Every receive, empty or not, is billed. A Lambda event source mapping long-polls whatever it is."""
    empty_receive_interval_s: float = Field(default=0.05, gt=0, le=20)
    """Short polling: seconds from one empty receive to the same worker thread's next poll (round trip plus
    any pause the consumer adds)."""


class SqsLimits(Sourced):
    """SQS figures: FIFO throughput limits and request prices."""

    fifo_messages_per_s: float = Field(default=300, gt=0)
    """FIFO, no batching: API calls (one message each) per second per action."""
    fifo_batched_messages_per_s: float = Field(default=3000, gt=0)
    """FIFO with batches of 10."""
    fifo_high_throughput_messages_per_s: float = Field(default=70_000, gt=0)
    """FIFO in high-throughput mode without batching."""
    standard_usd_per_million: float = Field(default=0.40, ge=0)
    fifo_usd_per_million: float = Field(default=0.50, ge=0)
    chunk_kb: float = Field(default=64, gt=0)
    """Each chunk of this size of a payload is billed as one request."""
    fifo_deduplication_window_s: float = Field(default=300, gt=0)
    """FIFO: a message sent again with the same deduplication id within this interval is accepted but not delivered."""


class SnsSettings(Sourced):
    """SNS topic fanning each job out to several subscribers."""

    usd_per_million_publishes: float = Field(default=0.50, ge=0)


class Ec2Workers(Sourced):
    """EC2 worker instances in an Auto Scaling group."""

    instances: int = Field(default=2, ge=0, le=10_000)
    """Instances running at the start."""
    jobs_in_parallel: int = Field(default=4, ge=1, le=1000)
    """Jobs one instance works on at once (threads or processes)."""
    usd_per_hour: float = Field(default=0.0816, ge=0)
    """On-demand price of one instance."""
    boot_s: float = Field(default=120, ge=0)
    """From launch to taking work (boot, agent start, warm-up)."""
    scale_on: Literal["none", "cpu", "queue_depth", "backlog_per_instance"] = "none"
    """Target-tracking metric: busy share of worker threads (CPU), visible messages, or messages per instance."""
    target: float = Field(default=60, gt=0)
    """Target value: percent for cpu, messages for the others."""
    min_instances: int = Field(default=1, ge=0)
    max_instances: int = Field(default=20, ge=1, le=10_000)
    evaluation_s: float = Field(default=60, gt=0)
    """Seconds between scaling decisions (one CloudWatch datapoint)."""
    scale_out_datapoints: int = Field(default=3, ge=1)
    scale_in_datapoints: int = Field(default=15, ge=1)


class LambdaWorkers(Sourced):
    """A Lambda function consuming the queue through an event source mapping."""

    memory_mb: float = Field(default=1024, ge=128, le=10_240)
    initial_concurrency: int = Field(default=5, ge=1)
    """Concurrent batches when messages appear."""
    scale_up_per_min: int = Field(default=300, ge=1)
    """Extra concurrent invocations added per minute while messages remain."""
    max_concurrency: int = Field(default=1000, ge=1)
    """Most concurrent batches one event source mapping processes."""
    account_concurrency: int = Field(default=1000, ge=1)
    """Account concurrency quota of the Region (shared with other functions)."""
    reserved_concurrency: int | None = Field(default=None, ge=0)
    """Reserved concurrency of the function (caps it); null: none."""
    other_functions_concurrency: NonNegative = 0
    """Concurrency other functions of the account use (takes from the account quota)."""
    cold_start_ms: float = Field(default=400, ge=0)
    """Added to the first job of each new execution environment."""
    usd_per_million_requests: float = Field(default=0.20, ge=0)
    usd_per_gb_s: float = Field(default=0.0000166667, ge=0)
    batch_size: int = Field(default=10, ge=1, le=10_000)
    """Messages per invocation (one request is billed per batch)."""


class JobProfile(Sourced):
    """The work one message stands for: the application's, not AWS's, so its figures are assumed."""

    assumed: str | None = "the application's work, chosen for the scenario"

    service_time: Distribution
    """Processing time of one job by one worker."""
    size_kb: float = Field(default=4, gt=0, le=1024)
    cpu_share: float = Field(default=1.0, gt=0, le=1)
    """Share of the processing time spent on CPU (the rest waits on I/O, e.g. a downstream API)."""
    poison_share: float = Field(default=0, ge=0, le=1)
    """Share of jobs that always fail (malformed payload): every receive fails after the processing time."""
    sync_timeout_s: float = Field(default=30, gt=0)
    """A call waiting longer than this for a free worker (delivery 'sync'), or a send throttled by the FIFO
    limit for this long, fails and its job is lost."""
    resent_share: float = Field(default=0, ge=0, le=1)
    """Share of sends the producer repeats because the first send's response was lost (a timeout, then a
    retry): the first copy had reached the queue, so the job is sent twice."""
    resend_after: Distribution = Distribution(dist="deterministic", mean_ms=1000)
    """Delay from the first send to its repeat (a quick SDK retry, or a retry from an outbox much later)."""


class ProducerSettings(Sourced):
    """The web tier's side of the call (used when the scenario has a `web` tier): the application's figures."""

    assumed: str | None = "the web application's thread pool and SQS SendMessage round trip, chosen for the scenario"

    threads_per_instance: int = Field(default=64, ge=1, le=10_000)
    """Request threads of one web instance; a thread stays busy while its request waits on a synchronous call."""
    send_ms: float = Field(default=20, gt=0)
    """Time to hand one job to the queue (SendMessage round trip)."""


class WorkQueueBackend(BackendBase):
    """Jobs from a producer reach workers directly (sync), through SQS, or through SNS fanning out to SQS queues."""

    kind: Literal["work_queue"]
    delivery: Literal["sync", "sqs_standard", "sqs_fifo"] = "sqs_standard"
    consumers: int = Field(default=1, ge=1, le=10)
    """Services that each need every job; >1 with a queue means SNS fan-out to one queue per consumer."""
    consumer_outage_at_s: float | None = Field(default=None, ge=0)
    """The first consumer's workers are down from this time (deploy gone wrong, dependency outage)."""
    consumer_outage_s: float = Field(default=0, ge=0)
    queue: SqsSettings = SqsSettings()
    sqs: SqsLimits = SqsLimits(
        source=(
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html "
            "(FIFO 300 messages/s per API action, 3,000 with batches of 10); https://aws.amazon.com/sqs/features/ "
            "(70,000/s in high-throughput mode, each 64 KB chunk billed as a request); "
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-key-terms.html "
            "(5-minute deduplication interval); $0.40 (standard) and $0.50 "
            "(FIFO) per million requests in us-east-1 as reported by cloudburn.io/blog/amazon-sqs-pricing (March "
            "2026), not re-read on aws.amazon.com"
        ),
        as_of="2026-03",
    )
    sns: SnsSettings = SnsSettings(
        assumed="$0.50 per million publishes (us-east-1 standard topics) as recalled from the SNS pricing page; deliveries to SQS are free; not re-read",
    )
    producer: ProducerSettings = ProducerSettings()
    """The web tier sending the jobs (scenarios with `web`): its request threads and send time."""
    workers: Literal["ec2", "lambda"] = "ec2"
    ec2: Ec2Workers = Ec2Workers(assumed="default worker fleet of two instances")
    function: LambdaWorkers = LambdaWorkers(
        source=(
            "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html (5 concurrent batches, up to 300 "
            "more per minute, at most 1,000); 1,000 concurrent executions per Region by default; $0.20 per million "
            "requests and $0.0000166667 per GB-second (x86, us-east-1) as transcribed from aws.amazon.com/lambda/pricing "
            "by third parties (2026-09); cold start 400 ms assumed"
        ),
        as_of="2026-09",
    )
    """Lambda consumer (workers: lambda)."""
    job: JobProfile

    @model_validator(mode="after")
    def _bounds(self) -> "WorkQueueBackend":
        if self.ec2.max_instances < self.ec2.min_instances:
            raise ValueError("ec2.max_instances is below ec2.min_instances")
        if self.workers == "lambda" and self.delivery == "sync":
            raise ValueError("Lambda workers here consume a queue: use delivery sqs_standard or sqs_fifo")
        return self
