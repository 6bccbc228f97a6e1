"""Form controls with their French wording."""

from __future__ import annotations

from typing import TypeVar

from dash import dcc, html

from dashboard.figures.charts import GROUPINGS
from dashboard.state import SHOWN_REGION, PageState, resolve_region
from dashboard.store import fetch_imported, queries
from domain import dates

S = TypeVar("S", bound=PageState)

DROPDOWN_LABELS = {
    "select_all": "Tout sélectionner",
    "deselect_all": "Tout désélectionner",
    "selected_count": "{num_selected} sélectionnés",  # dcc.Dropdown writes it from two chosen options only
    "search": "Rechercher",
    "clear_search": "Effacer la recherche",
    "clear_selection": "Effacer la sélection",
    "no_options_found": "Aucun résultat",
}


def day_input(component_id: str, value: str = "", **options) -> dcc.Input:
    """A date typed in French (« 14/03/2027 », read by ``domain.dates.read_date``): a browser's date field would
    show its own language's format (« mm/dd/yyyy »). Its label carries ``day_hint``."""
    return dcc.Input(id=component_id, type="text", value=value, maxLength=10, autoComplete="off", className="fr-input",
                     **options)


def day_hint() -> html.Span:
    """The expected format, in the date field's label (DSFR « texte d'aide »)."""
    return html.Span(dates.FIELD_HINT, className="fr-hint-text")


def dropdown(component_id: str, options: list[dict], value, **kwargs) -> dcc.Dropdown:
    """A searchable single-choice dropdown, in French."""
    return dcc.Dropdown(id=component_id, options=options, value=value, clearable=False, searchable=True,
                        labels=DROPDOWN_LABELS, placeholder="Choisir…", **kwargs)


def permission_picker(component_id: str, options: list[dict], value: list, placeholder: str) -> dcc.Dropdown:
    """A multiple choice that grants rights (an account's territories): no « Tout sélectionner », which would
    grant every option in one click (its buttons are hidden by ``.permission-picker``, assets/style.css)."""
    return dcc.Dropdown(id=component_id, options=options, value=value, multi=True, searchable=True,
                        labels=DROPDOWN_LABELS, placeholder=placeholder, className="permission-picker")


def region_options(regions) -> list[dict]:
    """Options of a region dropdown from ``queries.regions``: fictional regions say so."""
    return [{"label": name + (" (données fictives)" if fictional else ""), "value": code}
            for code, name, fictional in zip(regions["code"], regions["name"], regions["fictional"])]


def region_control(component_id: str, regions, region: str) -> html.Div:
    """Every page's region selector, labelled « Région »; the browser remembers the region it shows."""
    return html.Div(className="control region-control", children=[
        html.Label("Région", htmlFor=component_id),
        dropdown(component_id, region_options(regions), region),
        dcc.Store(id=SHOWN_REGION, data=region),
    ])


def region_preamble(title: str, state: S, offered, unavailable: str = "") -> tuple[S, html.Div | None]:
    """Every page's first step: the page's ``state`` with its region resolved among the regions ``offered``
    (``queries.regions`` rows) and None; or, when the user must choose (``state.resolve_region``), the state as asked
    and the region chooser, that the page shows instead of itself."""
    region = resolve_region(state.region, offered["code"])
    if region is None:
        return state, region_chooser(title, state, offered, unavailable)
    return state.replace(region=region), None


def region_chooser(title: str, state: PageState, offered, unavailable: str = "") -> html.Div:
    """The page of ``state`` when no region was given (or one it cannot show): « Choisissez une région », with
    a link per region ``offered`` that keeps the page's other parameters; ``unavailable`` says why a region
    asked for is not offered."""
    requested = state.region
    known = fetch_imported(queries.regions)
    names = dict(zip(known["code"], known["name"]))
    if requested in names:
        problem = f"{names[requested]} n'est pas disponible sur cette page. {unavailable}".strip()
    elif requested:
        problem = f"Aucune région chargée n'a le code « {requested} »."
    else:
        problem = "Cette page montre une région à la fois."
    return html.Div([
        html.H1(title),
        html.Section(className="region-chooser", id="region-chooser", **{"aria-labelledby": "region-chooser-title"},
                     children=[
            html.H2("Choisissez une région", id="region-chooser-title"),
            html.P(problem, id="region-chooser-problem"),
            html.Ul([html.Li(dcc.Link(label["label"], href=state.replace(region=label["value"]).href()))
                     for label in region_options(offered)]),
        ]),
    ])


def grouping_radio(component_id: str, value: str) -> dcc.RadioItems:
    """Group levers by sector or by thematic group."""
    return dcc.RadioItems(id=component_id, value=value, inline=True, className="fr-radio",
                          options=[{"label": f"par {label.lower()}", "value": key}
                                   for key, (_, label) in GROUPINGS.items()])


def region_and_grouping(prefix: str, regions, region: str, vue: str) -> html.Div:
    """The region selector and the sector/theme switch, ids ``<prefix>-region`` and ``<prefix>-view``."""
    return html.Div(className="controls", children=[
        region_control(f"{prefix}-region", regions, region),
        html.Div([
            html.Label("Regrouper les leviers", htmlFor=f"{prefix}-view"),
            grouping_radio(f"{prefix}-view", vue),
        ], className="control"),
    ])
