"""A map's colour classes as an HTML legend under it, instead of plotly's colour bar.

plotly.js draws a colour bar as SVG on each redraw of the map, a fifth of the first draw of a 236-EPCI map
(docs/performance.md); the page's own text is also read by screen readers, wraps on a phone and prints with
the page. The colours and labels are the scale's (``colour_scales.ColourScale``), the same object that colours
the map's territories (``maps.choropleth_map``).
"""

from __future__ import annotations

from dash import html

from dashboard.figures.colour_scales import ColourScale


def colour_legend(scale: ColourScale | None, title: str) -> html.Div | None:
    """« ktCO₂e » then one swatch per class, light to dark, each with its bounds (« 12,5 à 40 ») or, for
    categories, its name; None without a scale (equal values: the map says so in a note)."""
    if scale is None:
        return None
    labels = scale.ticks if scale.categorical else scale.labels
    return html.Div(className="colour-legend", children=[
        html.P(f"Légende ({title})", className="colour-legend__title"),
        html.Ul([html.Li([html.Span(className="colour-legend__swatch", style={"backgroundColor": colour},
                                    **{"aria-hidden": "true"}), label])
                 for colour, label in zip(scale.colours, labels)], className="colour-legend__classes"),
    ])
