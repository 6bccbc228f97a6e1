"""Parts of a page sent after it (issue 26, point 3): the page's main chart is drawn as soon as its answer arrives.

The browser draws every chart of an answer in the same task: a page's main chart waited 300–640 ms for the charts
and tables below it. A page puts ``deferred(name, state)`` where such a part goes; once the page's answer is
drawn (a timer started with the page, ``AFTER_MS``), the browser asks for the part (the callback of
``register``, one for every part) and shows it in place of « Chargement… ». The part's builder, declared with
``@part(name, page=…)``, gets the page's parameters as the page's own address holds them (``PageState.query``),
reads them again as the page does (a part can be asked for with any parameters, as the page can) and returns the
part's children: no path, query or name is taken from the browser as it is. The answer is kept as the page's
own is, under the same contract (dashboard/serving/page_answers.py, ``page_of``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dash import MATCH, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.state import PageState

CONTAINER, QUERY, TIMER = "deferred", "deferred-query", "deferred-timer"  # ids' types: {"type": …, "part": name}
# A part is asked for this long after the page is on the screen: asked for at once, its answer arrived while the
# browser was still drawing the page, and React drew both together (the main chart waited for them).
AFTER_MS = 50
LOADING = "Chargement…"
LONGEST_VALUE = 200  # no parameter of a page's address is longer (dashboard/page_states.py)


@dataclass(frozen=True)
class Part:
    page: str  # the path of the page it belongs to: its answer is kept as that page's is
    build: Callable[..., object]  # build(**query) → the part's children, None when there is nothing to show


PARTS: dict[str, Part] = {}


def part(name: str, page: str) -> Callable:
    """Declare ``build(**query)`` as the builder of the part ``name`` of the page at ``page``."""
    def declared(build: Callable) -> Callable:
        PARTS[name] = Part(page, build)
        return build
    return declared


def deferred(name: str, state: PageState) -> html.Div:
    """Where the part ``name`` goes: « Chargement… » until the browser has received it, for the page at ``state``."""
    assert name in PARTS, name
    return html.Div(id={"type": CONTAINER, "part": name}, className="deferred", children=[
        html.P(LOADING, className="deferred-loading", role="status"),
        dcc.Store(id={"type": QUERY, "part": name}, data=state.query()),
        dcc.Interval(id={"type": TIMER, "part": name}, interval=AFTER_MS, max_intervals=1),
    ])


def page_of(body: dict) -> str | None:
    """The path of the page whose part a callback request (its JSON body) asks for; None for any other request."""
    output = body.get("outputs")
    identifier = output.get("id") if isinstance(output, dict) else None
    if not isinstance(identifier, dict) or identifier.get("type") != CONTAINER:
        return None
    found = PARTS.get(identifier.get("part")) if isinstance(identifier.get("part"), str) else None
    return found.page if found else None


def _query(data) -> dict[str, str]:
    """The page's parameters as the browser sent them back: strings only, bounded; anything else is dropped (the
    page's state reads what it knows and falls back on its defaults)."""
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items()
            if isinstance(key, str) and isinstance(value, str) and len(key) <= 40 and len(value) <= LONGEST_VALUE}


def register(app) -> None:
    @app.callback(Output({"type": CONTAINER, "part": MATCH}, "children"),
                  Input({"type": TIMER, "part": MATCH}, "n_intervals"), State({"type": QUERY, "part": MATCH}, "data"),
                  prevent_initial_call=True)
    def _fill(_ticks, data):
        """A part of the page, built once the page is on the screen (its timer has ticked)."""
        name = ctx.outputs_list["id"].get("part")
        found = PARTS.get(name) if isinstance(name, str) else None
        if found is None:
            raise PreventUpdate
        return found.build(**_query(data))
