"""The simulation engine (SimPy control plane, array data plane). Never imports Textual.

    gen = run(resolved, seed, cancel=threading.Event())   # yields Update, returns Result
    result = simulate(resolved, seed)                       # drains run()
"""

from quizsim.sim.engine import run, simulate
from quizsim.sim.errors import Cancelled, SimInputError
from quizsim.sim.result import Event, Result, Summary, Update, Window

__all__ = ["run", "simulate", "Cancelled", "SimInputError", "Event", "Result", "Summary", "Update", "Window"]
