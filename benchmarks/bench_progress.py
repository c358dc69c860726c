"""Progress store speed with a long history: 100,000 answers to 1,000 questions over a year.

Run: `make bench` (or `.venv/bin/python benchmarks/bench_progress.py`). Measures what the home screen needs
(due counts: total, per pack, per tag), the stats summary, and opening the store (which runs quick_check).
Each is timed 7 times on a warm process; the median and worst are printed against the 200 ms target.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from quizsim.study.progress import ProgressStore, QuestionRef
from quizsim.study.progress.records import to_ms, utc_day
from quizsim.study.schedule import Schedule, StudyQuestion
from quizsim.study.stats import summary

ANSWERS, QUESTIONS, TAGS, PACKS, DAYS = 100_000, 1_000, 60, 8, 365
TARGET_MS = 200.0
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _questions(rng: random.Random) -> list[StudyQuestion]:
    return [
        StudyQuestion(
            QuestionRef(f"q{i:04d}", f"pack-{i % PACKS}", f"domain-{i % 4}",
                        tuple(sorted({f"tag-{rng.randrange(TAGS):02d}" for _ in range(3)}))),
            ("a",), 40,
        )
        for i in range(QUESTIONS)
    ]


def fill(path: Path) -> None:
    """The history in bulk (one transaction), then each question's card through the real review path."""
    rng = random.Random(9)
    questions = _questions(rng)
    start_ms = to_ms(NOW - timedelta(days=DAYS))
    rows = []
    for _ in range(ANSWERS):
        q = questions[rng.randrange(QUESTIONS)]
        at_ms = start_ms + rng.randrange(DAYS * 86_400_000)
        right = rng.random() < 0.7
        rows.append((q.id, q.ref.pack, json.dumps(["a" if right else "b"]), int(right), float(right),
                     rng.randrange(5_000, 120_000), rng.choice(("practice", "review", "exam")), at_ms, utc_day(at_ms),
                     "bench"))
    clock_at = [NOW - timedelta(days=30)]
    with ProgressStore.open(path, clock=lambda: clock_at[0]) as store:
        schedule = Schedule(store)
        for i, q in enumerate(questions):
            clock_at[0] = NOW - timedelta(days=30) + timedelta(minutes=i)
            schedule.answer(q, ["a"] if i % 3 else ["b"], time_ms=20_000, mode="review")
        conn = store._conn  # bulk load for the benchmark only: 100,000 single commits would take minutes
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO answers (question_id, pack, chosen, correct, fraction, time_ms, mode, answered_at_ms, day,"
            " session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _time(action, repeat: int = 7) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.db"
        start = time.perf_counter()
        fill(path)
        print(f"filled {ANSWERS:,} answers to {QUESTIONS:,} questions in {time.perf_counter() - start:.1f} s "
              f"({path.stat().st_size / 1e6:.1f} MB)")
        store = ProgressStore.open(path, clock=lambda: NOW)
        schedule = Schedule(store)
        assert store.answer_count() == ANSWERS + QUESTIONS

        def home() -> None:
            schedule.due_count()
            schedule.due_counts("pack")
            schedule.due_counts("tag")

        cases = {
            "home screen due counts (total, per pack, per tag)": home,
            "stats summary": lambda: summary(store),
            "open the store (header checks, migrations)": lambda: ProgressStore.open(path).close(),
        }
        worst_ok = True
        for name, action in cases.items():
            median_ms, max_ms = _time(action)
            ok = max_ms < TARGET_MS
            worst_ok &= ok
            print(f"{name:<52} median {median_ms:7.1f} ms   worst {max_ms:7.1f} ms   "
                  f"{'ok' if ok else 'SLOW'} (< {TARGET_MS:.0f} ms)")
        stats = summary(store)
        print(f"summary: {stats.answers:,} answers, {len(stats.per_day)} days, {len(stats.topics)} tags, "
              f"{stats.due} due, {stats.learned} learned")
        store.close()
    return 0 if worst_ok else 1


if __name__ == "__main__":
    sys.exit(main())
