"""`quizsim quiz --plain` driven through a pipe, as a screen reader user's shell or a script drives it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.cli.support import VALID_PACK

SHORT_PACK = VALID_PACK.replace("      arrival: {rate_per_s: 50}\n", "      arrival: {rate_per_s: 50}\n    duration_s: 300\n")
"""The small valid pack, simulated for 5 minutes so the test stays fast."""

BANK = """\
questions:
  - id: t-plain-one
    stem: Which is a fruit?
    options:
      - {id: a, text: Carrot, why: A root.}
      - {id: b, text: Apple, correct: true, why: It grows on a tree.}
    explanation: Fruits grow from flowers.
  - id: t-plain-two
    stem: Which are prime? (Select TWO.)
    choose: 2
    options:
      - {id: a, text: '2', correct: true, why: Only 1 and itself.}
      - {id: b, text: '4', why: 2 x 2.}
      - {id: c, text: '5', correct: true, why: Only 1 and itself.}
    explanation: A prime has exactly two divisors.
"""


def quiz(tmp_path: Path, pack: str, answers: str, *args: str, order: str = "as-written") -> subprocess.CompletedProcess:
    """Run the quiz on `pack` with `answers` piped in; `order` is QUIZSIM_SEED (the pack's order by default)."""
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "questions.yaml").write_text(pack, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "quizsim", "--content", str(folder), "quiz", "--plain", *args],
        input=answers, check=False, capture_output=True, text=True, timeout=180, env={**os.environ, "QUIZSIM_SEED": order},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_questions_answers_and_summary_without_simulation(tmp_path):
    done = quiz(tmp_path, BANK, "a\nx\nA\nA C\n", "t-plain-one", "t-plain-two", "--no-sim")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("2 questions, as written.\n")
    assert "Question 1 of 2 (t-plain-one)\nWhich is a fruit?\n  A. Carrot\n  B. Apple\n" in out
    assert "Answer (one letter, A-B; s skips, q quits): a\n✗ Wrong. The answer is B.\n" in out
    assert "  A (yours): A root.\n  B (the answer): It grows on a tree.\nExplanation: Fruits grow from flowers." in out
    assert "Answer (2 letters, A-C; s skips, q quits): x\nNot an answer: type 2 letters from A to C" in out
    assert "Choose 2: you gave 1." in out
    assert "✓ Right." in out
    assert out.rstrip().endswith("Done: 1 right, 1 wrong, 0 skipped, 0 not asked, of 2 questions.")
    assert "\x1b" not in out  # plain text: no colours or cursor movement


def test_end_of_input_ends_cleanly_with_a_summary(tmp_path):
    done = quiz(tmp_path, BANK, "s\n", "--no-sim", "pack")
    assert done.returncode == 0
    assert "Skipped." in done.stdout
    assert "(end of input)" in done.stdout
    assert done.stdout.rstrip().endswith("Done: 0 right, 0 wrong, 1 skipped, 1 not asked, of 2 questions.")


def test_an_imported_question_is_graded_and_not_simulated(tmp_path):
    done = quiz(tmp_path, BANK, "b\nq\n", "t-plain-one")
    assert "✓ Right." in done.stdout
    assert "(Nothing to simulate: this question has no scenario.)" in done.stdout


def test_the_consequence_is_the_verdict_table_and_the_event_log(tmp_path):
    done = quiz(tmp_path, SHORT_PACK, "b\n", "t-valid", "--seed", "3")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "✗ Wrong. The answer is A." in out
    assert "Verdict: yours (B) vs best (A), judged on lowest p99 latency" in out
    table = out[out.index("Verdict:"):].splitlines()[1:6]
    assert table[0].split() == ["metric", "B", "(yours)", "A", "(best)", "difference"]
    assert table[1].split()[:3] == ["✗", "p99", "latency"] and table[1].endswith("slower")
    assert any(line.split()[1:3] == ["sessions", "lost"] for line in table)
    assert "Events" in out


def test_a_bundled_question_runs_end_to_end(tmp_path):
    done = quiz(tmp_path, BANK, "b\n", "ss-in-memory-store", "--seed", "1")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "✓ Right." in out
    # A right answer races the most tempting wrong option, which the judge ranks (the runner-up).
    assert "Verdict: yours (B) vs runner-up (" in out
    assert "judged on lowest store p99 latency" in out or "judged on" in out


def test_usage_errors(tmp_path):
    done = quiz(tmp_path, BANK, "", "no-such-thing")
    assert done.returncode == 2 and "not a pack or question id" in done.stderr
    folder = tmp_path / "pack"
    no_plain = subprocess.run([sys.executable, "-m", "quizsim", "--content", str(folder), "quiz"],
                              check=False, capture_output=True, text=True, timeout=60)
    assert no_plain.returncode == 2 and "--plain" in no_plain.stderr


def test_a_session_seed_shuffles_reproducibly_and_letters_follow_what_is_shown(tmp_path):
    first = quiz(tmp_path, BANK, "", "t-plain-one", "t-plain-two", "--no-sim", order="4711")
    again = quiz(tmp_path, BANK, "", "t-plain-one", "t-plain-two", "--no-sim", order="4711")
    assert first.stdout.startswith("2 questions, shuffle 4711 (QUIZSIM_SEED=4711 replays this order).")
    assert first.stdout == again.stdout
    apple = re.search(r"^  ([AB])\. Apple$", quiz(tmp_path, BANK, "", "t-plain-one", "--no-sim", order="4711").stdout,
                      re.MULTILINE).group(1)
    right = quiz(tmp_path, BANK, f"{apple}\n", "t-plain-one", "--no-sim", order="4711")
    assert "✓ Right." in right.stdout
    assert quiz(tmp_path, BANK, "", "--no-sim", order="soon").returncode == 2
