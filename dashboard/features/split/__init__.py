"""Déclinaison territoriale: the tables, map and method history of the regional objectives split by département,
CRTE and EPCI (the split and its methods are rules several features use: domain/split.py, domain/split_methods.py)."""
