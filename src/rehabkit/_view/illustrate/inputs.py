"""What a document's drawings are drawn from: its protocol, the side, and each exercise's
current joint angles. Apart from the drawing code, so that a drawing kept from an earlier
process (``_view/kept_drawings.py``) is looked up by these without importing the solver."""

from __future__ import annotations

from rehabkit._core.errors import RehabkitError
from rehabkit._model.exercise import JointAngle
from rehabkit._model.plan import Plan
from rehabkit._model.protocol import Protocol
from rehabkit._model.terms import Laterality

__all__: list[str] = []


def as_prescribed(
    document: object,
) -> tuple[Protocol, Laterality, dict[str, tuple[JointAngle, ...]]]:
    """The protocol, the side, and the current joint angles of each exercise: a plan's,
    or none for a protocol (each exercise then has its own)."""
    plan = document if isinstance(document, Plan) else None
    protocol = plan.protocol if plan is not None else document
    if not isinstance(protocol, Protocol):
        raise RehabkitError(f"cannot illustrate {type(document).__name__}")
    if plan is None:
        return protocol, Laterality.UNSPECIFIED, {}
    return protocol, plan.side, {i.exercise: i.joint_angles for i in plan.exercises}
