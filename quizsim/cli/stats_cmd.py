"""`quizsim stats`: what the learner knows, from the progress database, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "show your progress: accuracy, answers per day, due and learned counts, weakest topics"
DESCRIPTION = """\
Show what your answers say: how many you gave and how many were right, answers per day,
how many questions are due for review and how many are learned, and your topics (tags)
weakest first. The summary the app uses, read from your progress database in the user
data folder ($QUIZSIM_HOME when set). Days are UTC dates.

exit status: 0 shown (also when there are no answers yet), 1 the progress database cannot
be read (e.g. it was written by a newer quizsim)."""
EPILOG = """\
examples:
  quizsim stats                  a summary for people
  quizsim stats --json           {"answers", "right", "accuracy", "due", "learned", "per_day",
                                  "topics", "topic_days", ...} for scripts"""

NO_ANSWERS = "no answers yet: answer a few questions in the app (run `quizsim`) and your progress shows here"
RECENT_DAYS = 14
TOPIC_ROWS = 15


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "stats", help=HELP, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from quizsim.study.progress import ProgressError, ProgressStore
    from quizsim.study.stats import Summary, summary

    try:
        store = ProgressStore.open_existing()
    except ProgressError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if store is None:
        stats = Summary()
    else:
        with store:
            stats = summary(store)
            notice = store.take_notice()
        if notice:
            print(f"note: {notice}", file=sys.stderr)
    if args.json:
        print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
        if stats.empty:
            print(NO_ANSWERS, file=sys.stderr)
    elif stats.empty:
        print(NO_ANSWERS)
    else:
        print(render(stats))
    return 0


def render(stats) -> str:
    """The summary as plain text: totals, weakest topics first, the last days."""
    from quizsim.text import fmt_count, pct
    from quizsim.text_safety import visible_line

    lines = [
        (f"answers    {fmt_count(stats.answers)} ({pct(stats.accuracy)} right) on {len(stats.per_day)} "
         f"day{'' if len(stats.per_day) == 1 else 's'}, {fmt_count(stats.questions_answered)} questions"),
        f"due now    {fmt_count(stats.due)}" + (
            "  (" + ", ".join(f"{visible_line(p) or '(no pack)'} {n}" for p, n in stats.due_by_pack.items()) + ")"
            if stats.due_by_pack else ""),
        f"learned    {fmt_count(stats.learned)}",
        f"wrong last time  {fmt_count(stats.wrong_now)}  (questions whose latest answer was wrong)",
        "by mode    " + ", ".join(f"{mode} {fmt_count(n)}" for mode, n in stats.by_mode.items()),
    ]
    if stats.topics:
        shown = stats.topics[:TOPIC_ROWS]
        width = max(len("TOPIC"), *(len(visible_line(t.tag)) for t in shown))
        count = "" if len(stats.topics) <= TOPIC_ROWS else f" ({TOPIC_ROWS} of {len(stats.topics)})"
        lines += ["", f"weakest topics first{count}", f"  {'TOPIC':<{width}}  ANSWERS  RIGHT  DUE"]
        lines += [f"  {visible_line(t.tag):<{width}}  {fmt_count(t.answers):>7}  {pct(t.accuracy):>5}  {t.due:>3}"
                  for t in shown]
    recent = stats.per_day[-RECENT_DAYS:]
    lines += ["", f"answers per day (last {len(recent)} day{'' if len(recent) == 1 else 's'} with answers)"]
    lines += [f"  {d.day}  {fmt_count(d.answers):>5}  {pct(d.accuracy):>5} right" for d in recent]
    return "\n".join(lines)
