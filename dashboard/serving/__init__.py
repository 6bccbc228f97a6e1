"""Serving the app for real: static files, kept page answers, request limits, health and 404."""
