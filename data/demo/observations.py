"""Observed values of the demonstration levers, from 2019 to 2023."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo.region import REGION_CODE, SOURCE

OBSERVED_YEARS = [2019, 2021, 2022, 2023]


def observation_frame(levers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Values from 2019 to 2023 along ``progress_2023`` times the linear path to the 2030 target."""
    rows = []
    for lever in levers[levers["relative"] & levers["unit_phys"].notna()].itertuples():
        change_2030 = lever.obj_co2_kt * lever.ratio_co2_to_phys
        for year in OBSERVED_YEARS:
            share = lever.progress_2023 * (year - 2019) / (2030 - 2019)
            if year != OBSERVED_YEARS[0]:
                share *= 1 + rng.normal(0, 0.05)
            rows.append({
                "territory_level": "region", "territory_code": REGION_CODE, "subject_kind": "levier",
                "subject_id": lever.lever_id, "year": year,
                "value": float(f"{lever.start_point_2019 + share * change_2030:.4g}"),
                "unit": lever.unit_phys, "source": SOURCE,
            })
    return pd.DataFrame(rows)
