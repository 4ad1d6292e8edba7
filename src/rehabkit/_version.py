"""rehabkit's version, in one place: the package, the CLI and the FHIR package read it."""

__version__ = "0.1.0"
