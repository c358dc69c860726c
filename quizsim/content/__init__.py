"""Content: the YAML model of packs, questions, scenarios and backend profiles, and its loader.

Never imports Textual: the CLI and the TUI both sit on top of this package.
"""

from quizsim.content.library import Library, Origin, Pack
from quizsim.content.loader import default_content_paths, load_library
from quizsim.content.problems import Problem
from quizsim.content.question import Judge, Option, Question
from quizsim.content.resolve import ResolvedScenario, ResolveError, resolve_option, resolve_scenario
from quizsim.content.scenario import Scenario

__all__ = [
    "Judge", "Library", "Option", "Origin", "Pack", "Problem", "Question", "ResolveError",
    "ResolvedScenario", "Scenario", "default_content_paths", "load_library", "resolve_option",
    "resolve_scenario",
]
