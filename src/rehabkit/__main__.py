"""``python -m rehabkit``: the same command as ``rehabkit``."""

import sys

from rehabkit._app.cli import leave, main

code = main()
# Run as the program, it ends at once (``leave``); run by other code (``runpy.run_module``
# from a test, say), it raises SystemExit to its caller, as ever.
if sys.modules["__main__"].__dict__ is globals():
    leave(code)
sys.exit(code)
