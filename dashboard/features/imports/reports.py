"""The preview, the import's result and the undo plan as the Données page shows them."""

from __future__ import annotations

from dash import html

from dashboard.importing.kinds import KINDS
from domain import formats
from loaders.changes import TableChange
from loaders.journal import NOTHING_WRITTEN, SHOWN_PROBLEMS, Outcome, report_url
from loaders.undo import UndoPlan


def changes_list(changes: list[TableChange]) -> html.Ul | None:
    shown = [c for c in changes if c.any]
    return html.Ul([html.Li(c.describe()) for c in shown], className="import-changes") if shown else None


def notices(outcome: Outcome, full_report: str | None = None) -> html.Div | None:
    """The refused lines, the unmatched codes and how the file was read: the first ones, then where the rest is."""
    if not outcome.notices:
        return None
    rest = len(outcome.notices) - SHOWN_PROBLEMS
    link = [" : ", html.A("compte rendu complet", href=full_report)] if full_report else ["."]
    more = [html.P([f"… et {formats.counted(rest, 'autre')}"] + link)] if rest > 0 else []
    return html.Div([html.H4("Remarques, lignes refusées et codes non reconnus"),
                     html.Ul([html.Li(n) for n in outcome.notices[:SHOWN_PROBLEMS]])] + more)


def preview_report(kind: str, outcome: Outcome) -> html.Div:
    """What the import would do: nothing is written yet."""
    return html.Div(id="imports-preview-report", className="import-report", children=[
        html.H3(f"Aperçu — {KINDS[kind].label} (rien n'est encore écrit)"),
        html.Ul([html.Li(line) for line in outcome.summary]),
        html.H4("Ce que l'import changerait"),
        changes_list(outcome.changes) or html.P("Aucune ligne ne changerait : les données sont déjà celles du "
                                               "fichier."),
        notices(outcome),
    ])


def import_report(outcome: Outcome, what: str) -> html.Div:
    """The journaled result of an import or an undo."""
    url = report_url(outcome.import_id)
    title = f"{what} n° {outcome.import_id} " + ("journalisé en échec" if outcome.nothing_written else "enregistré")
    return html.Div(id="imports-result", className="import-report", role="status", children=[
        html.H3(title),
        html.P(NOTHING_WRITTEN, className="fr-alert") if outcome.nothing_written else None,
        html.Ul([html.Li(line) for line in outcome.summary]),
        changes_list(outcome.changes),
        notices(outcome, url),
        html.P(html.A("Télécharger le compte rendu complet", href=url)),
    ])


def undo_plan(plan: UndoPlan) -> html.Div:
    """What the undo will do, and what depends on the rows it removes, before it is confirmed."""
    dependents = [html.P("Dépendent de lignes que l'annulation retire, et resteront sans elles :"),
                  html.Ul([html.Li(d) for d in plan.dependents], id="imports-undo-dependents")]
    return html.Div(className="import-report", children=[html.P(plan.title), html.Ul([
        html.Li(line) for line in plan.actions()])] + (dependents if plan.dependents else []))
