"""A pack whose every string is hostile: Rich markup, a click action, an unbalanced `[/]`, and (in the
hostile variant) an ANSI and an OSC terminal escape, written as YAML double-quoted escapes.

Each field sits on its own line ending in `# @FIELD`, so a test finds the line a problem must name.
"""

from __future__ import annotations

from pathlib import Path

MARKUP = "Styled [bold red]REDTITLE[/] [@click=app.quit]tagclick[/] unbalanced [/]"
"""What the text must look like on every surface: literally this, never bold, never a link."""
SHORT_MARKUP = "[@click=app.quit]tagclick[/] [/]"
"""For fields with a short limit (a tag, a phase label)."""
ESCAPES = r" \e[31mANSI\e[0m \x1b]0;OSC\x07"
"""YAML double-quoted escapes: ESC [ 31 m (red), and OSC 0 (set the window title) ended by BEL."""

_PACK = """\
pack:
  title: "{T}"  # @pack title
  description: "{T}"  # @pack description
"""

_CONTENT = """\
backends:
  - id: hostile-queue
    kind: queue
    title: "{T}"  # @backend 'hostile-queue' title
    description: "{T}"  # @backend 'hostile-queue' description
    servers: 2
    service_time: {{dist: exponential, mean_ms: 5}}
scenarios:
  - id: hostile-scenario
    title: "{T}"  # @scenario 'hostile-scenario' title
    description: "{T}"  # @scenario 'hostile-scenario' description
    duration_s: 120
    workload:
      arrival: {{rate_per_s: 20}}
      phases:
        - at_s: 60
          rate_per_s: 40
          label: "{S}"  # @scenario 'hostile-scenario' workload.phases[0].label
    store: {{backend: hostile-queue}}
questions:
  - id: hostile-question
    domain: "{T}"  # @question 'hostile-question' domain
    tags:
      - "{S}"  # @question 'hostile-question' tags[0]
    stem: "{T} Which queue answers with the LOWEST p99 latency?"  # @question 'hostile-question' stem
    scenario: hostile-scenario
    judge: {{metric: p99_latency_ms}}
    options:
      - id: a
        text: "{T}"  # @question 'hostile-question' options[0].text
        correct: true
        why: "{T}"  # @question 'hostile-question' options[0].why
        simulate: {{store: hostile-queue}}
      - id: b
        text: "One server"
        why: "{T}"  # @question 'hostile-question' options[1].why
        simulate: {{store: hostile-queue, set: {{store.servers: 1}}}}
    explanation: "{T}"  # @question 'hostile-question' explanation
    references:
      - "https://example.com/{T}"  # @question 'hostile-question' references[0]
"""


def write_pack(folder: Path, hostile: bool) -> Path:
    """The pack in `folder`: markup only (valid, it loads and runs), or markup and terminal escapes."""
    escapes = ESCAPES if hostile else ""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(_PACK.format(T=MARKUP + escapes), encoding="utf-8")
    (folder / "content.yaml").write_text(
        _CONTENT.format(T=MARKUP + escapes, S=SHORT_MARKUP + escapes.replace("ANSI", "").replace("OSC", "")),
        encoding="utf-8",
    )
    return folder


def marked_fields(folder: Path) -> list[tuple[str, int, str, str]]:
    """(file name, line, subject, field) of every `# @SUBJECT FIELD` line in the pack."""
    found = []
    for file in sorted(folder.glob("*.yaml")):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if "# @" in line:
                subject, _, field = line.split("# @", 1)[1].rpartition(" ")
                found.append((file.name, number, subject, field))
    return found
