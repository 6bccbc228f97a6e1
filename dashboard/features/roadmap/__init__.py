"""Feuille de route régionale 2030: commitments, coverage, frozen versions and exports."""
