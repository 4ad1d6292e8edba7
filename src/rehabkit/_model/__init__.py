"""The typed documents: frozen attrs classes, validated on construction, one module per
concept. Modules of the model import one another, never this package; the public names
reach ``rehabkit`` from each module's own ``__all__``."""

from rehabkit._model import methods as _methods

# Before any model class is made: each takes the methods kept for it, not compiled anew.
_methods.install()
