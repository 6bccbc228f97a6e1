"""Écarts et nouvelle ambition: the page's sections, charts, tables, exports and scenario forms (the gaps and
scenarios themselves are rules several features use: domain/gaps.py, domain/scenarios.py)."""
