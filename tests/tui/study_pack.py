"""A small pack for the study-mode TUI tests: twelve quick questions over three exam domains and four tags."""

from __future__ import annotations

from pathlib import Path

DOMAINS = ("Design resilient architectures", "Design high-performing architectures", "Design cost-optimized architectures")
TAGS = ("queueing", "caching", "scaling", "cost")


def question_yaml(i: int) -> str:
    domain = DOMAINS[i % len(DOMAINS)]
    tag = TAGS[i % len(TAGS)]
    return f"""
  - id: study-q{i:02d}
    domain: {domain}
    tags: [study, {tag}]
    stem: Question {i:02d}. A queue serves 50 requests/s, 10 ms each. Which server count gives the LOWEST p99 latency?
    scenario: study-queue
    judge: {{metric: p99_latency_ms}}
    options:
      - id: a
        text: Six servers (question {i:02d})
        correct: true
        why: Lightly loaded.
        simulate: {{set: {{store.servers: 6}}}}
      - id: b
        text: One server (question {i:02d})
        why: Half busy, so requests queue.
        simulate: {{set: {{store.servers: 1}}}}
    explanation: Fewer waits with more servers.
"""


def study_pack_yaml(count: int = 12) -> str:
    head = """pack:
  title: Study test pack
scenarios:
  - id: study-queue
    title: A short small queue
    duration_s: 60
    start_clock: "09:00"
    workload:
      arrival: {rate_per_s: 50}
    store: {kind: queue, servers: 2, service_time: {dist: exponential, mean_ms: 10}}
questions:"""
    return head + "".join(question_yaml(i) for i in range(1, count + 1))


def study_library(tmp_path: Path, count: int = 12):
    from quizsim.content import load_library

    folder = tmp_path / "study-pack"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(study_pack_yaml(count))
    library = load_library([folder])
    assert not library.problems, [p.format() for p in library.problems]
    return library


class FakeClock:
    """A monotonic clock the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
