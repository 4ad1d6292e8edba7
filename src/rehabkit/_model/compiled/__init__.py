"""The text attrs writes for the model's classes, one module per model module, kept so that
Python keeps its bytecode (see ``rehabkit._model.methods``). Written by
``scripts/update-model-methods``; do not edit."""
