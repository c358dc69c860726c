"""`quizsim quiz --plain`: questions asked line by line on standard input and output, for screen readers,
scripts and terminals where a full-screen app is not wanted. The consequence of an answer is the same
race, ranking and verdict rows as in the app (quizsim.race, quizsim.verdict), printed as text."""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizsim.content import Library, Question
    from quizsim.study.order import Lettering

HELP = "answer questions line by line (--plain): for screen readers, scripts and plain terminals"
DESCRIPTION = """\
Ask questions one at a time as plain lines: the question and its lettered options are printed,
and the answer is read from standard input at a prompt (it works with piped input). After each
answer quizsim says whether it was right, why, and the rule to remember, then simulates your
answer beside the best one and prints the verdict table and the event log as text.

TARGET is a pack id or question ids (default: every loaded question, pack by pack). Questions and
options are shuffled as in the app, by the session seed printed first: QUIZSIM_SEED=N (or
`quizsim --seed N quiz ...`) replays an order, QUIZSIM_SEED=as-written keeps the pack's. The --seed
after `quiz` is the simulation's.
At the prompt: letters or digits (B, or 'A C' for a choose-two question), s to skip, q to quit.
End of input ends the quiz as q does; a summary line closes it.
exit status: 0 done, 2 usage errors (an unknown TARGET)."""
EPILOG = """\
examples:
  quizsim quiz --plain session-state
  printf 'b\\nq\\n' | quizsim quiz --plain ss-in-memory-store --seed 7
  quizsim quiz --plain --no-sim queueing"""


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "quiz", help=HELP, description=DESCRIPTION, epilog=EPILOG, parents=[content],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("targets", nargs="*", metavar="TARGET", help="a pack id or question ids")
    parser.add_argument("--plain", action="store_true", help="line mode (required: the full-screen app is `quizsim`)")
    parser.add_argument("--seed", type=int, metavar="N", help="simulation seed (default: each scenario's)")
    parser.add_argument("--no-sim", action="store_true", help="grade and explain only; do not simulate")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quizsim.content import default_content_paths, load_library

    if not args.plain:
        print("quizsim quiz: pass --plain for line mode; the full-screen app is `quizsim` with no command",
              file=sys.stderr)
        return 2
    if args.seed is not None and args.seed < 0:
        print(f"quizsim quiz: --seed {args.seed} is negative; seeds are 0 or more", file=sys.stderr)
        return 2
    from quizsim.study.order import parse_seed, session_seed, shuffle_questions

    try:
        given = getattr(args, "session_seed", None)  # `quizsim --seed N quiz --plain`, as for the app
        shuffle = parse_seed(given, "--seed") if given is not None else session_seed()
    except ValueError as exc:
        print(f"quizsim quiz: {exc}", file=sys.stderr)
        return 2
    library = load_library(default_content_paths(args.content))
    try:
        ids = select(library, args.targets)
    except LookupError as exc:
        print(f"quizsim quiz: {exc.args[0]}", file=sys.stderr)
        return 2
    if not ids:
        print("quizsim quiz: no questions loaded (see `quizsim validate`)", file=sys.stderr)
        return 2
    order = "as written" if shuffle is None else f"shuffle {shuffle} (QUIZSIM_SEED={shuffle} replays this order)"
    print(f"{len(ids)} question{'' if len(ids) == 1 else 's'}, {order}.\n")
    return PlainQuiz(library, shuffle_questions(ids, shuffle), args.seed, simulate=not args.no_sim, shuffle=shuffle).run()


def select(library: Library, targets: list[str]) -> list[str]:
    """Question ids for pack ids and question ids, in the order given; every loaded question when none."""
    from quizsim.content.problems import did_you_mean

    if not targets:
        return [qid for pack in library.packs.values() for qid in pack.question_ids]
    ids: list[str] = []
    for target in targets:
        if target in library.packs:
            ids += library.packs[target].question_ids
        elif target in library.questions:
            ids.append(target)
        else:
            known = [*library.packs, *library.questions]
            raise LookupError(f"{target!r} is not a pack or question id{did_you_mean(target, known)} "
                              "(see `quizsim list`)")
    return list(dict.fromkeys(ids))


class PlainQuiz:
    """One pass over `ids`: ask, grade, explain, simulate, and keep the score."""

    def __init__(self, library: Library, ids: list[str], seed: int | None, simulate: bool = True,
                 shuffle: int | None = None) -> None:
        self.library = library
        self.shuffle = shuffle
        """Session seed of the option order (None: as written), as in the app."""
        self.ids = ids
        self.seed = seed
        self.simulate = simulate
        self.right = self.wrong = self.skipped = 0
        self.echo = not sys.stdin.isatty()
        """Piped answers are printed after the prompt, so the transcript reads as a dialogue."""

    def run(self) -> int:
        from quizsim.study.order import option_order

        total = len(self.ids)
        for number, qid in enumerate(self.ids, start=1):
            question = self.library.questions[qid]
            lettering = option_order(question.id, [o.id for o in question.options], self.shuffle)
            self.show(question, lettering, number, total)
            picks = self.ask(question, lettering)
            if picks is None:
                break
            if not picks:
                self.skipped += 1
                print("Skipped.\n")
                continue
            self.feedback(question, lettering, picks)
            if self.simulate:
                self.consequence(question, lettering, picks)
            print()
        answered = self.right + self.wrong
        print(f"Done: {self.right} right, {self.wrong} wrong, {self.skipped} skipped, "
              f"{total - answered - self.skipped} not asked, of {total} question{'' if total == 1 else 's'}.")
        return 0

    def show(self, question: Question, lettering: Lettering, number: int, total: int) -> None:
        print(f"Question {number} of {total} ({question.id})")
        print(question.stem.strip())
        by_id = {o.id: o for o in question.options}
        for oid in lettering.order:
            print(f"  {lettering.letter_of(oid)}. {by_id[oid].text}")

    def ask(self, question: Question, lettering: Lettering) -> tuple[str, ...] | None:
        """The picked option ids; () to skip; None at end of input or on q."""
        n = len(question.options)
        last = lettering.letter_of(lettering.order[-1])
        what = "one letter" if question.choose == 1 else f"{question.choose} letters"
        prompt = f"Answer ({what}, A-{last}; s skips, q quits): "
        while True:
            print(prompt, end="", flush=True)
            line = sys.stdin.readline()
            if not line:
                print("\n(end of input)")
                return None
            text = line.strip()
            if self.echo:
                print(text)
            word = text.lower()
            if word in ("q", "quit", "exit"):
                return None
            if word in ("s", "skip"):
                return ()
            picks = parse_answer(text, lettering, n)
            if picks is None:
                print(f"Not an answer: type {what} from A to {last} (or 1 to {n}).")
            elif len(picks) != question.choose:
                print(f"Choose {question.choose}: you gave {len(picks)}.")
            else:
                return picks

    def feedback(self, question: Question, lettering: Lettering, picks: tuple[str, ...]) -> None:
        from quizsim.study.practice import grade

        key = [o.id for o in question.options if o.correct]
        result = grade(key, picks)
        if result.correct:
            self.right += 1
        else:
            self.wrong += 1
        answer = lettering.name(key)
        print(f"{result.mark} {result.words}." + ("" if result.correct else f" The answer is {answer}."))
        by_id = {o.id: o for o in question.options}
        for oid in lettering.sort(list(dict.fromkeys([*picks, *key]))):
            role = "yours" if oid in picks else "the answer"
            if oid in picks and oid in key:
                role = "yours, right"
            print(f"  {lettering.letter_of(oid)} ({role}): {by_id[oid].why}")
        print(f"Explanation: {question.explanation.strip()}")

    def consequence(self, question: Question, lettering: Lettering, picks: tuple[str, ...]) -> None:
        """Race the answer beside the best one (or the runner-up when it was right), as the app does."""
        import threading

        from quizsim.race.runner import plan_runs, race
        from quizsim.verdict.matchup import plan_matchup
        from quizsim.verdict.rank import rank

        if question.judge is None or not any(o.simulate is not None for o in question.options):
            print("(Nothing to simulate: this question has no scenario.)")
            return
        correct = {o.id for o in question.options if o.correct}
        matchup = plan_matchup([(oid, oid in correct) for oid in lettering.order], picks)
        print("Simulating...", flush=True)
        outcome = race(plan_runs(self.library, question, matchup.run_ids()), self.seed,
                       threading.Event(), lambda batch: None, yield_s=(0.0, 0.0))
        for oid, error in outcome.errors.items():
            print(f"Option {lettering.letter_of(oid)} could not be simulated: {error}")
        pairs = list(matchup.pairs)
        if matchup.other is None:
            settled = matchup.settle_runner_up(rank(question, outcome.results).order) if outcome.results else None
            pairs = [settled] if settled else []
        role = matchup.role
        shown: list[str] = []
        for yours, other in pairs:
            if other is None or yours not in outcome.results or other not in outcome.results:
                continue
            print(verdict_table(question, lettering, yours, other, role, outcome.results))
            shown += [yours, other]
        if not shown:
            print("No comparison to show: the options to compare did not run.")
            return
        print(event_log(lettering, {oid: outcome.results[oid] for oid in dict.fromkeys(shown)}))


def parse_answer(text: str, lettering: Lettering, n: int) -> tuple[str, ...] | None:
    """'B', 'a c', 'A,C', '2' → option ids in shown order; None when a token names no option."""
    tokens = [t for t in re.split(r"[\s,;+]+", text.strip().upper()) if t]
    if len(tokens) == 1 and tokens[0].isalpha() and len(tokens[0]) > 1:
        tokens = list(tokens[0])  # 'AC'
    picks: list[str] = []
    for token in tokens:
        if token.isdigit() and 1 <= int(token) <= n:
            index = int(token) - 1
        elif len(token) == 1 and "A" <= token <= "Z" and ord(token) - ord("A") < n:
            index = ord(token) - ord("A")
        else:
            return None
        picks.append(lettering.id_at(index))
    return tuple(dict.fromkeys(picks)) if picks else None


def verdict_table(question: Question, lettering: Lettering, yours: str, other: str, role: str,
                  results: dict) -> str:
    """The verdict rows of `yours` beside `other`, as aligned plain text (symbols and words, no colour)."""
    from quizsim.verdict.rows import verdict_rows

    rows = verdict_rows(results[yours], results[other], question.judge)
    mine, theirs = lettering.letter_of(yours), lettering.letter_of(other)
    header = ("", "metric", f"{mine} (yours)", f"{theirs} ({role})", "difference")
    cells = [header] + [(r.mark, r.metric, r.yours, r.other, r.short) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    lines = [f"Verdict: yours ({mine}) vs {role} ({theirs}), judged on {question.judge.description}"]
    for cell in cells:
        lines.append("  " + "  ".join(
            value.rjust(w) if i in (2, 3) else value.ljust(w) for i, (value, w) in enumerate(zip(cell, widths))
        ).rstrip())
    return "\n".join(lines)


def event_log(lettering: Lettering, results: dict) -> str:
    """Every run's narrated events in time order; an event several runs share is told once."""
    merged: dict[tuple[float, str], list[str]] = {}
    for oid, result in results.items():
        for event in result.events:
            merged.setdefault((event.t_s, event.text.strip()), []).append(lettering.letter_of(oid))
    if not merged:
        return "Events: none."
    width = max(len(",".join(who)) for who in merged.values())
    lines = ["Events:"]
    for (_, text), who in sorted(merged.items(), key=lambda kv: kv[0][0]):
        lines.append(f"  {','.join(who):>{width}}  {text}")
    return "\n".join(lines)
