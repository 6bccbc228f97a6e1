"""Déclinaison territoriale: the regional objectives split by département, CRTE and EPCI."""
