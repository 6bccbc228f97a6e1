"""A choice among hundreds (a territory's 200 commitments): a dropdown whose options come as the person types.

Dash 4's dropdown indexes every substring of every option's label when it receives its options: 200 commitments
cost the browser about 0.4 s on a first visit (issue 26). This one is sent with its first ``SHOWN`` options only
(what a click shows before anything is typed); each search typed (``search_value``) asks the server for the options
whose label holds every word typed — as the dropdown's own search reads them: lower case, anywhere in a word —, the
first ``SHOWN`` (each page's callback, ``matching``). The keyboard works as in any dropdown: type, arrows, Enter.
"""

from __future__ import annotations

from dash import dcc
from dash.exceptions import PreventUpdate

from dashboard.components.controls import DROPDOWN_LABELS

SHOWN = 50  # the options sent for one search: typing more narrows them
LONGEST_SEARCH = 100  # characters of a search: longer is not a label's part


def searched_dropdown(component_id: str, options: list[dict], placeholder: str, **props) -> dcc.Dropdown:
    """The dropdown, nothing chosen, offering the first ``SHOWN`` of ``options`` until the person searches."""
    return dcc.Dropdown(id=component_id, options=first_with(options, None), value=None, searchable=True,
                        labels=DROPDOWN_LABELS, placeholder=placeholder, **props)


def first_with(options: list[dict], value) -> list[dict]:
    """What the dropdown offers before a search when ``value`` is chosen: its option, then the first ``SHOWN``."""
    return [o for o in options if o["value"] == value] + [o for o in options[:SHOWN] if o["value"] != value]


def matching(options: list[dict], search, value=None) -> list[dict]:
    """The first ``SHOWN`` of ``options`` whose label holds every word of ``search`` (case ignored), and the option
    of ``value`` (the dropdown forgets a value that its options lack). A search cleared (after a choice) or not a
    text changes nothing (PreventUpdate): the options stay those of the last search."""
    if not isinstance(search, str) or not search.strip() or len(search) > LONGEST_SEARCH:
        raise PreventUpdate
    words = search.lower().split()
    found = [option for option in options if all(word in str(option["label"]).lower() for word in words)][:SHOWN]
    chosen = [option for option in options if option["value"] == value and option not in found]
    return chosen + found
