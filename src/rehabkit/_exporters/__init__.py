"""Exporters: the plugin contract, discovery by entry point, and the built-in formats."""
