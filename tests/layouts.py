"""What the tests of page layouts share: a page's layout for some parameters, and a component of it by id."""

from __future__ import annotations

import dash


def layout_of(app: dash.Dash, path: str, **params):
    """The component tree the page at ``path`` answers for ``params`` (inside a request, as the app builds it)."""
    layout = next(p for p in dash.page_registry.values() if p["path"] == path)["layout"]
    with app.server.test_request_context(path):
        return layout(**params)


def component(tree, component_id: str):
    """The component of ``tree`` with ``component_id``; None when there is none."""
    if getattr(tree, "id", None) == component_id:
        return tree
    children = getattr(tree, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, str) and (found := component(child, component_id)) is not None:
            return found
    return None
