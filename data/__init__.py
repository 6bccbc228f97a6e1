"""The DuckDB store: connection, migrations and the demo data recipe."""
