"""Écarts et nouvelle ambition: gaps per lever and sector, scenarios, their charts, tables and exports."""
