"""``python -m rehabkit``: the same command as ``rehabkit``."""

import sys

from rehabkit._app.cli import main

sys.exit(main())
