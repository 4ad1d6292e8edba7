"""The typed documents: frozen attrs classes, validated on construction, one module per
concept. Modules of the model import one another, never this package; the public names
reach ``rehabkit`` from each module's own ``__all__``."""
