"""``python -m rehabkit``: the same command as ``rehabkit``."""

import sys

from rehabkit._cli import main

sys.exit(main())
