"""The ``rehabkit`` command line: ``cli.main`` runs it, one module per command;
``cli.run``, the console command, ends the process after it."""
