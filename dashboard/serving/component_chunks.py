"""The code of the graph and dropdown components fetched with the page, not after the page's callback has answered.

dcc's bundle loads a component's code when the component first appears: ``dcc.Graph``'s chunk
(``async-graph.js``) and ``dcc.Dropdown``'s (``async-dropdown.js``), at their names without fingerprint, were asked
for only once the page's callback had answered with its layout, delaying the main chart by 30 to 140 ms. The
page's document preloads them (``<link rel="preload">``) at the very addresses the bundle asks for, where the
bundle then finds them (tests/test_serving_browser.py checks that each is fetched once). The chunk they share with
the other components (``dash_core_components-shared.js``) is listed by Dash with the page's scripts already.

Both, not the graph's alone: every page has dropdowns (the region's, at least), and with the graph's code alone
the Déclinaison's map was drawn before its dropdowns, whose code then arrived a second later — what looked like
a second render of the page (its router answers once).
"""

from __future__ import annotations

CHUNKS = ("/_dash-component-suites/dash/dcc/async-graph.js", "/_dash-component-suites/dash/dcc/async-dropdown.js")


def preload_links(relative_path) -> str:
    """The ``<link rel="preload">`` tags of the page's head; ``relative_path`` is the app's ``get_relative_path``."""
    return "".join(f'\n        <link rel="preload" as="script" href="{relative_path(chunk)}">' for chunk in CHUNKS)
