"""The graph component's code fetched with the page, not after the page's callback has answered.

dcc's bundle loads a component's code when the component first appears: ``dcc.Graph``'s chunk
(``async-graph.js``, at its name without fingerprint) was asked for only once the page's callback had answered
with its layout, delaying the main chart by 30 to 140 ms. The page's document preloads it
(``<link rel="preload">``) at the very address the bundle asks for, where the bundle then finds it
(tests/test_serving_browser.py checks that it is fetched once). The chunk it shares with the other components
(``dash_core_components-shared.js``) is listed by Dash with the page's scripts already.
"""

from __future__ import annotations

CHUNK = "/_dash-component-suites/dash/dcc/async-graph.js"


def preload_link(relative_path) -> str:
    """The ``<link rel="preload">`` tag of the page's head; ``relative_path`` is the app's ``get_relative_path``."""
    return f'\n        <link rel="preload" as="script" href="{relative_path(CHUNK)}">'
