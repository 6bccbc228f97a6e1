"""Every callback of the app, given to each app that ``create_app`` builds: the one list of the modules that
declare callbacks.

A module that declares callbacks (a page, a feature, a component) declares them in one function,
``register(app)``, with ``@app.callback`` and ``app.clientside_callback``; ``register_all`` calls each module's,
in the order of ``modules()``. Never ``dash.callback`` or ``dash.clientside_callback`` at a module's top level:
Dash keeps those in a global list that the first app built empties, and runs a page module again for each app
but not the modules it imports, so a second app in the same process (tests, the benchmark) would lack some
(tests/test_callbacks.py checks both). docs/architecture.md, « Ajouter un rappel », says how to add one.
"""

from __future__ import annotations

from types import ModuleType

import dash

# Every callback of the app that writes, by name (module.function): tests/test_write_gate.py finds them in the code
# and checks that they are exactly these. When several processes serve the app, a reader hands them to the writer
# (dashboard/serving/forwarding.py): a writing callback missing here would fail there, on a read-only snapshot.
WRITING = frozenset({
    "dashboard.features.gaps.objectives._save",
    "dashboard.features.gaps.scenario_name._rename",
    "dashboard.features.process.meeting_callbacks._decide",
    "dashboard.features.process.meeting_callbacks._prepare",
    "dashboard.features.process.meeting_callbacks._save",
    "dashboard.features.process.meeting_callbacks._upload",
    "dashboard.features.process.register_callbacks._save_party",
    "dashboard.features.process.territory_callbacks._save_need",
    "dashboard.features.process.territory_callbacks._save_step",
    "dashboard.features.roadmap.follow_up_panel._save",
    "dashboard.features.roadmap.frozen_versions_panel._freeze",
    "dashboard.features.roadmap.review_panel._review",
    "dashboard.pages.accounts._create",
    "dashboard.pages.accounts._new_link",
    "dashboard.pages.accounts._revoke",
    "dashboard.pages.accounts._save_role",
    "dashboard.pages.accounts._set_active",
    "dashboard.pages.gaps._create",
    "dashboard.pages.gaps._delete",
    "dashboard.pages.gaps._duplicate",
    "dashboard.pages.gaps._edit_lever",
    "dashboard.pages.gaps._undo_delete",
    "dashboard.pages.imports._confirm",
    "dashboard.pages.imports._preview",
    "dashboard.pages.imports._undo",
    "dashboard.pages.projection._keep",
    "dashboard.pages.roadmap._edit_cell",
    "dashboard.pages.roadmap._import_file",
    "dashboard.pages.roadmap._save",
    "dashboard.pages.split._save_method",
})
# What the writer serves: the callbacks that write, and the one that follows an import running in its memory.
ON_THE_WRITER = WRITING | {"dashboard.pages.imports._poll"}


def modules() -> tuple[ModuleType, ...]:
    """The modules that declare callbacks, each with its ``register(app)``.

    Imported here, not at the top: a page module registers its page (``dash.register_page``), which needs the app
    built; by then Dash has run every page module for this app, and the import finds it.
    """
    from dashboard.components import deferred, frame
    from dashboard.features.gaps import objectives, scenario_history, scenario_name
    from dashboard.features.process import meeting_callbacks, navigation, register_callbacks, territory_callbacks
    from dashboard.features.roadmap import account as roadmap_account
    from dashboard.features.roadmap import (
        financing_form,
        follow_up_panel,
        frozen_versions_panel,
        grid_layout,
        review_panel,
    )
    from dashboard.pages import (
        accounts,
        diagnostic,
        gaps,
        imports,
        overview,
        projection,
        roadmap,
        roadmap_contributions,
        split,
    )

    return (frame, deferred, overview, gaps, scenario_name, scenario_history, objectives, diagnostic, split, roadmap,
            grid_layout, financing_form, roadmap_account, review_panel, follow_up_panel, frozen_versions_panel,
            roadmap_contributions,
            imports, accounts, projection, navigation, territory_callbacks, meeting_callbacks, register_callbacks)


def register_all(app: dash.Dash) -> None:
    """Give every callback of the app to ``app``."""
    for module in modules():
        module.register(app)
