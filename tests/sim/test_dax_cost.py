"""A DAX cluster is billed by the node-hour and takes session reads off the table (issue 8: no "= same" price)."""

from __future__ import annotations

import pytest

from quizsim.sim import simulate
from tests.sim.helpers import session_run

READ_HEAVY = {"reads_per_request": 4, "writes_per_request": 0.05}


def _run(library, store: str, **store_set):
    return simulate(session_run(library, store, 300, 900, web={"instances": 6}, sessions=READ_HEAVY, store_set=store_set), 1)


def test_dax_nodes_are_billed_per_node_hour(bundled_library) -> None:
    profile = bundled_library.backends["dynamodb-on-demand-dax"]
    dax = _run(bundled_library, "dynamodb-on-demand-dax")
    hourly = profile.dax.nodes * profile.dax.price_per_hour_usd
    assert hourly > 0
    assert dax.summary.cost_usd["store nodes"] == pytest.approx(hourly * 900 / 3600, rel=1e-6)
    assert dax.windows[-1].capacity["dax_nodes"] == profile.dax.nodes
    one_node = _run(bundled_library, "dynamodb-on-demand-dax", **{"dax.nodes": 1})
    assert one_node.summary.cost_usd["store nodes"] == pytest.approx(dax.summary.cost_usd["store nodes"] / profile.dax.nodes, rel=1e-6)
    assert any("DAX" in note for note in dax.summary.notes)


def test_reads_served_by_dax_use_no_table_read_units(bundled_library) -> None:
    dax = _run(bundled_library, "dynamodb-on-demand-dax").summary
    table = _run(bundled_library, "dynamodb-on-demand").summary
    # Per request 4 reads (half a unit each) and 0.05 writes (one unit, 5x the price): reads are 80 % of the
    # table's request bill, and DAX removes them.
    assert dax.cost_usd["store requests"] == pytest.approx(0.2 * table.cost_usd["store requests"], rel=0.05)
    assert "store nodes" not in table.cost_usd
    saved = table.cost_usd["store requests"] - dax.cost_usd["store requests"]
    assert dax.cost_usd["total"] == pytest.approx(table.cost_usd["total"] - saved + dax.cost_usd["store nodes"], rel=1e-3)
