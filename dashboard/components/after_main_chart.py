"""What comes below a page's main chart, drawn once that chart is on the screen (issue 26, point 3).

The browser drew a page's answer in one task: React built every component (tables of hundreds of cells, charts)
and plotly.js drew every chart before the main one could be painted. A page puts
``after_main_chart(name, children, main=...)`` where such content goes: an empty ``Div`` carrying the content as
its JSON text (attribute ``data-after-main-chart``), in the page's own answer — no second request, nothing built
again. Once the chart ``main`` is drawn and painted, assets/after_main_chart.js puts the content in place
(``dash_clientside.set_props``). What the visitor sees is unchanged but for the order in which it appears.

Not a ``dcc.Store`` and a callback: a memory store keeps its data by id for the browser tab's life and, mounted
again with the same id (the same page opened with other parameters), gives back the data it kept, not the new one.

The content must hold no control that a callback reads: inserted after the page, it would fire that callback
(tests/test_after_main_chart.py checks the pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from dash import html
from plotly.io.json import to_json_plotly

CONTENT, MAIN = "data-after-main-chart", "data-main-chart"  # the container's attributes (read by the asset)
PREFIX = "after-main-chart-"  # the container's id: PREFIX + name


@dataclass(frozen=True)
class Encoded:
    """Components sent as their JSON text (Dash's encoder calls ``to_plotly_json``)."""
    children: object

    def to_plotly_json(self) -> str:
        return to_json_plotly(self.children)


def after_main_chart(name: str, children, main: str) -> html.Div:
    """A ``Div`` whose ``children`` are drawn once the chart with id ``main`` is on the screen."""
    return html.Div(id=PREFIX + name, **{CONTENT: Encoded(children), MAIN: main})
