"""The text attrs writes for the model's classes, one module per model module, kept so that
Python keeps its bytecode (see ``rehabkit._model.methods``). Written by
``scripts/update-model-methods``; do not edit."""

ATTRS_VERSION = '26.1.0'  # the attrs that wrote it: another may write other text
