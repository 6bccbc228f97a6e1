"""The Diagnostic view: what the URL's parameters select, and the values, ranking and series shown.

One definition for the page and its downloads (``/export/diagnostic.csv?...`` and
``/export/diagnostic-serie.csv?...``): both go through ``select`` and the table builders here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from dash import html

from dashboard.exports import UnknownExport, export_view
from dashboard.features.diagnostic import indicators as queries
from dashboard.state import resolve_region
from dashboard.store import fetch_imported
from dashboard.tables import Table
from domain import formats
from domain.comparison import PER_INHABITANT, PER_KM2, SHARE_OF_AREA, Comparison, basis_of, comparison
from domain.regions import POPULATION_SOURCE, POPULATIONS
from domain.vocabulary import LEVELS

DEFAULT_LEVELS = ["epci", "departement", "crte", "commune", "region"]


@dataclass
class Selection:
    region: str
    region_name: str
    regions: pd.DataFrame
    themes: list[str]
    theme: str
    indicators: pd.DataFrame          # of the theme, with values
    indicator: dict                   # the catalogue row
    level: str
    years: list[int]
    year: int | None
    territory: str | None
    compare: str | None

    @property
    def key(self) -> tuple[str, str]:
        return self.indicator["subject_kind"], self.indicator["subject_id"]

    def params(self, **changes) -> dict:
        params = {"region": self.region, "theme": self.theme, "indicateur": self.indicator["subject_id"],
                  "niveau": self.level, "annee": self.year, "territoire": self.territory, "comparer": self.compare}
        return {k: v for k, v in {**params, **changes}.items() if v is not None}


def select(params: dict) -> Selection | None:
    """The view the parameters name, defaults filled in; None when no indicator has a value.

    The region is never a default (``dashboard.state.resolve_region``): UnknownExport when it names none."""
    catalogue = fetch_imported(queries.catalogue)
    with_values = catalogue[catalogue["has_values"]]
    regions = fetch_imported(queries.regions)
    if with_values.empty or regions.empty:
        return None
    region = resolve_region(params.get("region"), regions["code"])
    if region is None:
        raise UnknownExport(f"région inconnue ou non précisée : « {params.get('region') or ''} ».")
    themes = sorted(with_values["theme"].unique())
    # Opened without an indicator, the view starts on one that has values for the region.
    local = with_values.merge(fetch_imported(queries.region_subjects, region), on=["subject_kind", "subject_id"])
    first = local if not local.empty else with_values
    chosen = with_values[with_values["subject_id"] == params.get("indicateur")]
    if chosen.empty:
        theme = params.get("theme") if params.get("theme") in themes else first.iloc[0]["theme"]
    else:
        theme = chosen.iloc[0]["theme"]
    indicators = with_values[with_values["theme"] == theme]
    if chosen.empty:
        in_region = indicators[indicators["subject_id"].isin(local["subject_id"])]
        chosen = in_region if not in_region.empty else indicators
    indicator = chosen.iloc[0].to_dict()
    key = (indicator["subject_kind"], indicator["subject_id"])
    level = params.get("niveau")
    if level not in queries.SCALES:
        level = next((lv for lv in DEFAULT_LEVELS if fetch_imported(queries.years, *key, lv, region)), "region")
    years = fetch_imported(queries.years, *key, level, region)
    year = _int(params.get("annee"))
    if year not in years:
        year = years[0] if years else None
    codes = set(fetch_imported(queries.level_values, *key, level, region, year)["code"]) if year else set()
    territory = params.get("territoire") if params.get("territoire") in codes else None
    compared = params.get("comparer")
    compare = compared if compared in codes and compared != territory else None
    name = regions.loc[regions["code"] == region, "name"].iloc[0]
    return Selection(region, name, regions, themes, theme, indicators, indicator, level, years, year, territory,
                     compare)


def _int(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


@dataclass
class Ranking:
    """The territories of the level with their value, the value compared (``comparison``) and their rank."""

    frame: pd.DataFrame       # code, name, value, compared, rank, population, area_km2, origin…
    comparison: Comparison
    denominator_source: str   # where the population (or the area) the values are divided by comes from

    def sentence(self) -> str:
        """« Classement par habitant (… pour 1 million d'habitants ; population : Insee…) »."""
        if self.comparison.as_is:
            return "Classement sur la valeur telle quelle (un taux, une part ou une valeur par habitant)"
        return f"Classement {self.comparison.heading()} ({self.comparison.unit} ; {self.denominator_source})"


def ranking(selection: Selection) -> Ranking:
    """The territories ranked on the catalogue's comparison basis, best first by the indicator's direction;
    those without a compared value last, unranked."""
    basis = basis_of(selection.indicator)
    if selection.year is None:
        empty = pd.DataFrame(columns=["code", "name", "value", "compared", "rank", "population", "area_km2"])
        return Ranking(empty, comparison(basis, selection.indicator["unit"], empty["value"], empty["value"],
                                         empty["value"])[0], "")
    values = fetch_imported(queries.level_values, *selection.key, selection.level, selection.region,
                            selection.year).copy()
    source = "superficie calculée des contours" if basis in (PER_KM2, SHARE_OF_AREA) else "population des communes"
    if selection.level == "region":
        values["population"] = values["code"].map(POPULATIONS).astype(float).fillna(values["population"].astype(float))
        source = f"population : {POPULATION_SOURCE}" if basis == PER_INHABITANT else source
    chosen, values["compared"] = comparison(basis, selection.indicator["unit"], values["value"],
                                            values["population"], values["area_km2"])
    ascending = selection.indicator["direction"] == "baisse"
    values["rank"] = values["compared"].rank(ascending=ascending, method="min")
    frame = values.sort_values(["rank", "name"], na_position="last").reset_index(drop=True)
    return Ranking(frame, chosen, source)


def ranked_values(selection: Selection) -> pd.DataFrame:
    return ranking(selection).frame


def value_text(value, unit: str) -> str:
    """``7,62 tCO₂e/hab``, ``12,3 %``, ``1 234 GWh``; ``n.d.`` when missing."""
    if value is None or pd.isna(value):
        return formats.NOT_AVAILABLE
    return f"{formats.measure(value)}\u00a0{unit}"


def card_value(value, unit: str) -> str | list:
    """``value_text`` as a key figure shows it: the number large, its unit (« TWh corr. de fioul consommés dans le
    secteur tertiaire ») in smaller type after it."""
    if value is None or pd.isna(value):
        return formats.NOT_AVAILABLE
    return [formats.measure(value), html.Span(f"\u00a0{unit}", className="fr-card__unit")]


def completeness(row, member_level: str | None = None) -> str:
    """``incomplet : 1 180 communes sur 1 202``, ``complet : 1 202 communes``, or ``valeur chargée``."""
    origin = row.get("origin")
    if origin == "chargée":
        return "valeur chargée"
    if origin != "calculée":
        return "aucune valeur"
    level = row.get("member_level") or member_level or "commune"
    plural = LEVELS[level].plural
    with_value, total = int(row["members_with_value"]), int(row["members_total"])
    if with_value < total:
        return f"incomplet : {formats.number(with_value, 0)} {plural} sur {formats.number(total, 0)}"
    return f"complet : {formats.number(total, 0)} {plural}"


def provenance(selection: Selection, row) -> str:
    """Source and status of one value."""
    if row.get("origin") == "chargée":
        status = "indicatif (données de travail SGPE)" if selection.key[0] == "levier" else "officiel"
        if row.get("fictional"):
            status = "illustratif (données fictives)"
        return f"{row['source']}, {status}"
    if row.get("origin") == "calculée":
        return f"calculé : {queries.rule_text(selection.indicator)} des {LEVELS[row['member_level']].plural}"
    return ""


def values_table(selection: Selection) -> Table:
    ranked = ranking(selection)
    values = ranked.frame
    records = values.to_dict("records")
    unit = selection.indicator["unit"]
    frame = pd.DataFrame({
        "Rang": values["rank"],
        "Territoire": values["name"],
        "Code": values["code"],
        f"Valeur ({unit})": values["value"],
        **({} if ranked.comparison.as_is else {f"Valeur comparée ({ranked.comparison.unit})": values["compared"]}),
        "Année": selection.year,
        "Complétude": [completeness(row) for row in records],
        "Source et statut": [provenance(selection, row) for row in records],
    })
    level = queries.scale_heading(selection.level)
    where = "France" if selection.level == "region" else selection.region_name
    notes = _notes(selection)
    return Table(f"{selection.indicator['name']} — {level}, {where}, {selection.year or 'aucune année'}", frame,
                 {"Rang": "integer", f"Valeur ({unit})": "measure",
                  f"Valeur comparée ({ranked.comparison.unit})": "measure"}, [f"{ranked.sentence()}.", *notes])


def _notes(selection: Selection) -> list[str]:
    indicator = selection.indicator
    direction = queries.DIRECTION_LABELS[indicator["direction"]]
    notes = [f"Indicateur : {indicator['name']} ({indicator['unit']}), {direction}."]
    sources = fetch_imported(queries.member_sources, *selection.key)
    for level, text in zip(sources["territory_level"], sources["sources"]):
        notes.append(f"Valeurs chargées ({LEVELS[level].plural}) : {text}.")
    notes.append(f"Producteur de référence : {indicator['source']}.")
    notes.append(f"Agrégats calculés ({queries.rule_text(indicator)}) à partir des communes, ou des départements "
                 "pour les régions ; « incomplet » signale des membres sans valeur.")
    return notes


@dataclass
class Series:
    label: str
    frame: pd.DataFrame     # year, value, members_with_value, members_total, origin


def comparison_series(selection: Selection) -> list[Series]:
    """The chosen territory (and the compared one), its region, and France (sum or mean of the regions)."""
    found = []
    level = selection.level
    names = dict(zip(*_names(selection)))
    for code in (selection.territory, selection.compare):
        if code:
            found.append(Series(names.get(code, code), fetch_imported(queries.series, *selection.key, level, code)))
    if level != "region" or not found:
        region = selection.region
        if selection.territory and level == "region":
            region = selection.territory
        found.append(Series(selection.regions.set_index("code").loc[region, "name"],
                            fetch_imported(queries.series, *selection.key, "region", region)))
    national = france(selection)
    found.append(Series(france_heading(national, selection.year), national))
    return found


def france_heading(national: pd.DataFrame, year: int | None) -> str:
    """« France : 13 régions sur 18 chargées » when regions are missing that year (France is their sum or mean)."""
    row = national[national["year"] == year] if year else national.tail(1)
    if row.empty:
        return "France : aucune région chargée"
    with_value, total = int(row["members_with_value"].iloc[0]), int(row["members_total"].iloc[0])
    if with_value < total:
        plural = "s" if with_value > 1 else ""
        return f"France : {with_value} région{plural} sur {total} chargée{plural}"
    return f"France : {total} régions"


def _names(selection: Selection) -> tuple[list, list]:
    values = ranked_values(selection)
    return list(values["code"]), list(values["name"])


def france(selection: Selection) -> pd.DataFrame:
    return fetch_imported(queries.france, *selection.key)


def series_table(selection: Selection) -> Table:
    rows = []
    for series in comparison_series(selection):
        for record in series.frame.to_dict("records"):
            rows.append({"Territoire": series.label, "Année": record["year"],
                         f"Valeur ({selection.indicator['unit']})": record["value"],
                         "Complétude": completeness(record, record.get("member_level"))})
    frame = pd.DataFrame(rows, columns=["Territoire", "Année", f"Valeur ({selection.indicator['unit']})",
                                        "Complétude"])
    notes = _notes(selection) + ["France : somme (ou moyenne pondérée) des régions dont une valeur est chargée ou "
                                 "calculée ; aucune valeur nationale n'est chargée telle quelle."]
    return Table(f"{selection.indicator['name']} — évolution", frame,
                 {"Année": "year", f"Valeur ({selection.indicator['unit']})": "measure"}, notes)


def _selection_or_404(params: dict) -> Selection:
    selection = select(params)
    if selection is None:
        raise UnknownExport("aucune valeur d'indicateur n'est chargée.")
    if params.get("indicateur") and params["indicateur"] != selection.indicator["subject_id"]:
        raise UnknownExport(f"indicateur inconnu ou sans valeur : « {params['indicateur']} ».")
    return selection


@export_view("diagnostic")
def _values_export(params: dict) -> Table:
    return values_table(_selection_or_404(params))


@export_view("diagnostic-serie")
def _series_export(params: dict) -> Table:
    return series_table(_selection_or_404(params))
