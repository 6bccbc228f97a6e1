"""Who the demonstration region is and how big: its identity, sizes and the seed of every draw."""

from __future__ import annotations

SEED = 20240101
SOURCE = "Données fictives générées (démonstration)"
VINTAGE = "2024"
REGION_CODE = "00"
REGION_NAME = "Région de démonstration"

COMMUNES = 600
CLUSTERED = 80  # of the communes, packed around the cities as their suburbs
EPCI_PER_DEPARTEMENT = 15
MIN_COMMUNES_PER_EPCI = 3
EPCI_PER_CRTE = 3

DEPARTEMENTS = ["Val-de-Brume", "Hautes-Bruyères", "Monts-d'Ardoise", "Rives-de-l'Aurelle"]
# The first four are the préfectures, one near the middle of each département.
CITY_POPULATIONS = [186_000, 94_000, 71_000, 57_000, 33_000, 24_000]
SMALL_TOWNS = 25
