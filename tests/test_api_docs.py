"""Issue 13: every public function documents its parameters, its return value and what it
raises (the API reference renders them), and its examples run."""

from __future__ import annotations

import doctest
import enum
import inspect

import attrs
import pytest

import rehabkit as rk

FUNCTIONS = [n for n in rk.__all__ if inspect.isfunction(getattr(rk, n))]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_parameter_and_the_return_value_are_documented(name: str) -> None:
    fn = getattr(rk, name)
    doc = inspect.getdoc(fn) or ""
    signature = inspect.signature(fn)
    missing = [p for p in signature.parameters if f":param {p}:" not in doc]
    assert missing == [], f"{name}: undocumented {missing}"
    if signature.return_annotation not in ("None", None):
        assert ":returns:" in doc, name


def test_the_main_functions_say_what_they_raise_and_show_an_example() -> None:
    for name in ("personalise", "export"):
        doc = inspect.getdoc(getattr(rk, name)) or ""
        assert ":raises " in doc and ">>> " in doc, name
    raising = [n for n in FUNCTIONS if ":raises " in (inspect.getdoc(getattr(rk, n)) or "")]
    assert len(raising) >= 20


@pytest.mark.parametrize("name", FUNCTIONS)
def test_the_examples_in_docstrings_run(name: str) -> None:
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(getattr(rk, name), name, globs={}):
        runner.run(test)
    assert runner.failures == 0, name


CLASSES = [
    n
    for n in rk.__all__
    if inspect.isclass(getattr(rk, n))
    and not issubclass(getattr(rk, n), enum.Enum)
    and n != "Exporter"  # a Protocol: what a plugin provides, documented member by member
]


@pytest.mark.parametrize("name", CLASSES)
def test_every_class_documents_each_parameter(name: str) -> None:
    cls = getattr(rk, name)
    # A field a subclass inherits is documented once, by the class that defines it.
    doc = "".join(inspect.getdoc(c) or "" for c in cls.__mro__ if attrs.has(c)) or (
        inspect.getdoc(cls) or ""
    )
    if issubclass(cls, Exception) and "__init__" not in vars(cls):
        return  # an exception built from one message, as Exception is
    parameters = [
        p.name
        for p in inspect.signature(cls).parameters.values()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    missing = [p for p in parameters if f":param {p}:" not in doc]
    assert missing == [], f"{name}: undocumented {missing}"


@pytest.mark.parametrize("name", [n for n in CLASSES if attrs.has(getattr(rk, n))])
def test_a_class_that_checks_its_values_says_what_it_raises(name: str) -> None:
    cls = getattr(rk, name)
    checks = any(f.validator is not None for f in attrs.fields(cls))
    checks = checks or hasattr(cls, "__attrs_post_init__")
    assert (":raises FieldError:" in (inspect.getdoc(cls) or "")) == checks, name
