"""What every backend profile has: id, title and the qualitative traits questions can be judged on."""

from __future__ import annotations

from quizsim.content.base import Id, StrictModel


class Traits(StrictModel):
    """Qualitative properties of a store, judged directly (not simulated)."""

    serverless: bool = False
    """No servers or nodes for the customer to choose, patch or scale."""
    in_memory: bool = False
    """Data is held in RAM."""
    shared: bool = True
    """Every web instance reaches the same data (false for storage local to one instance)."""
    durable: bool = False
    """Data survives the loss of a node or instance."""
    auto_scaling: bool = False
    """Capacity follows load without a person acting."""


class BackendBase(StrictModel):
    """Fields common to all backend profiles."""

    id: Id
    """Unique id other documents refer to, e.g. `dynamodb-on-demand`."""
    title: str
    """Name shown to the learner, e.g. 'DynamoDB on-demand'."""
    description: str = ""
    """One or two sentences on what this profile is."""
    traits: Traits = Traits()
    """Qualitative properties used by questions judged on a property."""
