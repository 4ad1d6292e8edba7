"""The ``rehabkit`` command line: ``cli.main`` runs it, one module per command."""
