"""What an exporter takes: a protocol, or a plan made from one."""

from __future__ import annotations

from typing import Union

from rehabkit._core.public import present_as_public
from rehabkit._model.plan import Plan
from rehabkit._model.protocol import Protocol

__all__ = ["Document"]

Document = Union[Protocol, Plan]
"""What an exporter turns into bytes: a Protocol or a Plan."""


present_as_public(globals())
