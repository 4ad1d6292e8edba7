"""A Griffe extension: each attrs class gets the ``__init__`` attrs writes when the class is
made, read from the imported class, so the reference shows its parameters and checks
the ``:param:`` lines of its docstring against them (griffe's own dataclasses extension
does the same for the standard library's dataclasses)."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

import attrs
import griffe

# Griffe loads an extension by its path, not from a package: its siblings made importable.
sys.path.insert(0, str(Path(__file__).parent))
from griffe_classes import classes

_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: griffe.ParameterKind.positional_only,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: griffe.ParameterKind.positional_or_keyword,
    inspect.Parameter.KEYWORD_ONLY: griffe.ParameterKind.keyword_only,
}


class AttrsInit(griffe.Extension):
    """Adds ``__init__`` to every attrs class of a loaded package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Walk the package once it is loaded."""
        for cls, runtime in classes(pkg):
            if attrs.has(runtime) and "__init__" not in cls.members:
                _add_init(cls, runtime)


def _add_init(cls: griffe.Class, runtime: type) -> None:
    parameters = [
        griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword),
        *(_parameter(cls, p) for p in inspect.signature(runtime).parameters.values()),
    ]
    init = griffe.Function(
        "__init__", parent=cls, parameters=griffe.Parameters(*parameters), returns="None"
    )
    cls.set_member("__init__", init)


def _parameter(cls: griffe.Class, parameter: inspect.Parameter) -> griffe.Parameter:
    # The field's annotation as written in the class body, where Griffe read one.
    attribute = cls.members.get(parameter.name)
    annotation = attribute.annotation if isinstance(attribute, griffe.Attribute) else None
    default = None if parameter.default is inspect.Parameter.empty else repr(parameter.default)
    return griffe.Parameter(
        parameter.name, annotation=annotation, kind=_KINDS[parameter.kind], default=default
    )
