"""Loaders: one module per source format, and the command line (``python -m loaders``)."""
