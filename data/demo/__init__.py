"""The fictional « Région de démonstration »: territories, levers, objectives and observations.

Everything is generated from fixed seeds, so the dashboard can be shown and tested without
any real file, and two runs give the same rows (the loader then reports them unchanged).
Communes are Voronoi cells clipped to an invented outline and snapped to a 1e-5° grid
before any union, so the départements, EPCI and CRTE dissolved from them share their
borders exactly (``geometry``); ``territories`` groups them, ``names`` names them,
``levers`` and ``observations`` hold the region's objectives and its observed values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo.levers import LEVER_COLUMNS, LEVERS, lever_frame, objective_frame
from data.demo.observations import observation_frame
from data.demo.region import DEPARTEMENTS, REGION_CODE, REGION_NAME, SEED
from data.demo.territories import territories

__all__ = ["DEPARTEMENTS", "REGION_CODE", "REGION_NAME", "demo_frames"]


def demo_frames() -> dict[str, pd.DataFrame]:
    """Rows for ``territories``, ``territory_links``, ``levers``, ``lever_objectives``, ``observations``."""
    territory_rows, links = territories(np.random.default_rng([SEED, 1]))
    levers = pd.DataFrame(LEVERS, columns=LEVER_COLUMNS)
    return {
        "territories": territory_rows,
        "territory_links": links,
        "levers": lever_frame(levers),
        "lever_objectives": objective_frame(levers),
        "observations": observation_frame(levers, np.random.default_rng([SEED, 2])),
    }
