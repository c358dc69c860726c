"""`quizsim check` (also `quizsim validate --simulate`): simulate every option and confirm each answer key."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quizsim.cli.sim_cmd import _Progress, _seed

if TYPE_CHECKING:
    from quizsim.content import Library
    from quizsim.content.question import Question

HELP = "simulate every option of every question and confirm each answer key"
DESCRIPTION = """\
Load content as `quizsim validate` does, then simulate every option of every question and rank
the options under the question's judge. A question fails when the simulation's pick is not the
answer key's: its line names the file and line of the key (the correct option's `correct: true`)
and why, e.g. which option the correct one does not beat, on which metric.

With PATHs, only the questions defined under them are simulated (the bundled packs are loaded
for reference). Questions with no simulated option, or whose correct option has no `simulate`
block, are listed as notes and not checked. Progress is drawn on stderr when it is a terminal.

Exit status: 0 every checked question is confirmed, 1 a question disagrees, an option could not
be simulated, or the content has problems; 2 usage errors."""


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "check", help=HELP, description=DESCRIPTION, parents=[content],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH",
        help="files or folders whose questions to check (default: the bundled packs, $QUIZSIM_CONTENT and --content)",
    )
    parser.add_argument("--seed", type=_seed, metavar="N", help="random seed, 0 or more (default: each scenario's)")
    parser.add_argument(
        "--jobs", type=_jobs, metavar="N",
        help="simulate N questions at a time in worker processes (default: one per CPU; 1 runs in this process)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    parser.add_argument("--no-progress", action="store_true", help="never draw the progress bar")
    parser.set_defaults(handler=run)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: at least 1 job")
    return value


@dataclass
class QuestionCheck:
    """What the simulation said about one question's answer key."""

    id: str
    path: str
    line: int
    column: int
    status: str
    """'confirmed', 'disagrees', 'error' (an option could not be simulated) or 'not-checked'."""
    answer_key: list[str]
    simulation: list[str] = field(default_factory=list)
    """The options the simulation picks (best first)."""
    reasons: list[str] = field(default_factory=list)

    def line_text(self) -> str:
        from quizsim.content.problems import Problem

        kind = "note" if self.status == "not-checked" else "error"
        text = Problem(Path(self.path), self.line, self.column, "; ".join(self.reasons), f"question '{self.id}'").format()
        return text.replace(": error: ", f": {kind}: ", 1)


def run(args: argparse.Namespace) -> int:
    library, questions, paths = _load(args)
    json_out = getattr(args, "json", False)
    seed = getattr(args, "seed", None)
    progress = _Progress(enabled=not json_out and not getattr(args, "no_progress", False) and sys.stderr.isatty())
    to_run = [q for q in questions if _simulated(q)]
    jobs = min(getattr(args, "jobs", None) or _usable_cpus(), len(to_run))
    if jobs > 1:
        checks = _check_in_processes(library, paths, questions, seed, progress, jobs)
    else:
        counter = [0, sum(len(_simulated(q)) for q in questions)]
        checks = [check_question(library, q, seed, progress, counter) for q in questions]
    progress.clear()

    problems = [p.format() for p in library.problems]
    checked = [c for c in checks if c.status != "not-checked"]
    failed = [c for c in checked if c.status != "confirmed"]
    ok = not failed and not problems
    if json_out:
        print(json.dumps({
            "ok": ok, "checked": len(checked), "confirmed": len(checked) - len(failed), "failed": len(failed),
            "not_checked": len(checks) - len(checked), "content_problems": problems,
            "questions": [asdict(c) for c in checks],
        }, ensure_ascii=False))
        return 0 if ok else 1
    for line in problems:
        print(line)
    for check in checks:
        if check.status != "confirmed":
            print(check.line_text())
    print(_summary(len(checked), len(failed), len(checks) - len(checked), len(problems)))
    return 0 if ok else 1


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (a container may allow fewer)
    except AttributeError:
        return os.cpu_count() or 1


def _summary(checked: int, failed: int, not_checked: int, problems: int) -> str:
    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    if failed:
        text = f"FAILED: {failed} of {n(checked, 'question')} {'disagrees' if failed == 1 else 'disagree'} with the simulation"
    else:
        text = f"{'FAILED' if problems else 'ok'}: {n(checked, 'question')} confirmed by simulation"
    if not_checked:
        text += f"; {not_checked} not checked (see the notes)"
    if problems:
        text += f"; {n(problems, 'content problem')}"
    return text


def _load(args: argparse.Namespace) -> "tuple[Library, list[Question], list[Path]]":
    """The library as `quizsim validate` loads it, the questions to check (those under PATHs, if any), the paths."""
    from quizsim.content import default_content_paths, load_library
    from quizsim.paths import bundled_content_dir

    named = [*args.paths, *args.content]
    if not args.paths:
        paths = default_content_paths(args.content)
        library = load_library(paths)
        return library, list(library.questions.values()), paths
    paths = [bundled_content_dir(), *named]
    library = load_library(paths)
    files = {f.resolve() for f in library.files_under(named)}
    mine = [q for qid, q in library.questions.items() if library.origins[("question", qid)].path.resolve() in files]
    return library, mine, paths


def _simulated(question: "Question") -> list:
    return [o for o in question.options if o.simulate is not None]


def check_question(library: "Library", question: "Question", seed: int | None, progress: _Progress, counter: list[int]) -> QuestionCheck:
    """Simulate the question's options and compare the ranking with its answer key."""
    from quizsim.content import ResolveError, resolve_option
    from quizsim.sim import SimInputError
    from quizsim.verdict.rank import rank

    correct = [i for i, o in enumerate(question.options) if o.correct]
    key_at = ("options", correct[0], "correct") if correct else ("options",)
    path, line, column = library.locate("question", question.id, key_at)
    check = QuestionCheck(question.id, str(path), line, column, "confirmed", [question.options[i].id for i in correct])
    options = _simulated(question)
    unsimulated_keys = [question.options[i].id for i in correct if question.options[i].simulate is None]
    if not options or unsimulated_keys:
        counter[0] += len(options)
        check.status = "not-checked"
        check.reasons = ["no option has a simulate block" if not options
                         else f"correct option {', '.join(map(repr, unsimulated_keys))} has no simulate block"]
        return check
    results = {}
    for option in options:
        label = f"{question.id} option {option.id} ({counter[0] + 1}/{counter[1]})"
        try:
            results[option.id] = _simulate(resolve_option(library, question, option), seed, progress, label, counter)
        except (ResolveError, SimInputError) as exc:
            index = question.options.index(option)
            where, check.line, check.column = library.locate("question", question.id, ("options", index, "simulate"))
            check.path = str(where)
            check.status, check.reasons = "error", [f"option {option.id!r} could not be simulated: {exc}"]
            return check
        finally:
            counter[0] += 1
    ranking = rank(question, results)
    check.simulation = [oid for oid in ranking.order if oid in ranking.winners]
    if not ranking.agrees:
        check.status = "disagrees"
        picks = ", ".join(check.simulation) or "none"
        check.reasons = [f"the simulation picks {picks}, the answer key says {', '.join(check.answer_key)}",
                         *ranking.disagreements()]
    return check


def _simulate(resolved, seed: int | None, progress: _Progress, label: str, counter: list[int]):
    from quizsim.sim import run

    generator = run(resolved, seed)
    while True:
        try:
            update = next(generator)
        except StopIteration as stop:
            return stop.value
        progress.show(label, (counter[0] + update.progress) / max(1, counter[1]))


# ---- several questions at once: one worker process per CPU, each with the library loaded once -------------

_worker_library: "Library | None" = None


def _check_in_processes(library: "Library", paths: list[Path], questions: "list[Question]", seed: int | None,
                        progress: _Progress, jobs: int) -> list[QuestionCheck]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _worker_library
    _worker_library = library  # a forked worker inherits it; a spawned one loads `paths` again
    checks: list[QuestionCheck | None] = [None] * len(questions)
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(paths,))
    try:
        futures = {pool.submit(_worker_check, q.id, seed): index for index, q in enumerate(questions)}
        for done, future in enumerate(as_completed(futures), start=1):
            index = futures[future]
            checks[index] = future.result()
            progress.show(f"{questions[index].id} ({done}/{len(questions)} questions)", done / len(questions))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: do not wait for the runs in flight
        raise
    finally:
        _worker_library = None
    pool.shutdown(wait=True)
    return [check for check in checks if check is not None]


def _worker_start(paths: list[Path]) -> None:
    global _worker_library
    if _worker_library is None:
        from quizsim.content import load_library

        _worker_library = load_library(paths)


def _worker_check(question_id: str, seed: int | None) -> QuestionCheck:
    assert _worker_library is not None
    return check_question(_worker_library, _worker_library.questions[question_id], seed, _Progress(enabled=False), [0, 0])
