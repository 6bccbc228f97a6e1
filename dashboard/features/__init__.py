"""One package per feature: its computations, figures, tables, exports and callbacks. A feature imports no other
feature (tests/test_architecture.py)."""
