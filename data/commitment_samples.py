"""Fictional commitments in the template's columns, from a fixed seed: for tests and the benchmark."""

from __future__ import annotations

import numpy as np
import pandas as pd

from domain.commitment_template import FORMER_COLUMNS, HEADERS
from domain.commitments import LEVELS, MATURITIES, STATUSES, Context

CARRIERS = ["Conseil départemental", "Communauté de communes", "Syndicat d'énergie", "Chambre d'agriculture",
            "Région", "Commune", "Bailleur social", "Entreprise locale", "Association", "CCI"]
# The sources the samples draw from: fixed, so that the draws stay the same when the accepted list grows.
SOURCES = ["DSIL", "DETR", "Fonds vert", "FNADT", "CPER", "FEDER", "ADEME", "Collectivités", "Privé", "Autre"]
ACTIONS = ["Programme", "Plan", "Déploiement", "Appel à projets", "Contrat", "Schéma"]


def sample_template(context: Context, count: int, seed: int = 2030) -> pd.DataFrame:
    """``count`` new commitments (no identifier) spread over the context's territories and levers; their financing in
    the columns of the template before the « Financements » sheet (one line each, of unknown year), still read."""
    rng = np.random.default_rng(seed)
    territories = sorted(context.territories)
    levers = sorted(context.levers)
    rows = []
    for number in range(1, count + 1):
        level, code = territories[rng.integers(len(territories))]
        lever = context.levers[levers[rng.integers(len(levers))]]
        start = int(rng.integers(2020, 2028))
        kt = round(float(rng.uniform(0.5, 25)), 3)
        sources = ", ".join(rng.choice(SOURCES, size=int(rng.integers(0, 3)), replace=False))
        row = {header: None for header in HEADERS}
        row.update({
            "Niveau": LEVELS[level], "Code territoire": code, "Levier (identifiant)": lever.lever_id,
            "Porteur": f"{CARRIERS[rng.integers(len(CARRIERS))]} {code}",
            "Intitulé": f"{ACTIONS[rng.integers(len(ACTIONS))]} n° {number} — {lever.label}",
            "Description": "Engagement fictif généré pour les tests.",
            "ktCO₂e": kt, "Année de début": start, "Année de fin": int(rng.integers(start, 2031)),
            "Statut": STATUSES[rng.integers(len(STATUSES))],
            "Maturité": ([None, *MATURITIES])[number % (len(MATURITIES) + 1)],  # not drawn: the draws stay the same
            "Financement (€)": int(rng.integers(0, 50)) * 10_000 or None, "Sources de financement": sources or None,
            "Contact": f"contact{number}@exemple.fr",
        })
        rows.append(row)
    return pd.DataFrame(rows, columns=[*HEADERS, *FORMER_COLUMNS])
