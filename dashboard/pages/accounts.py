"""Comptes: the administrators' page — list the accounts, invite or create one, change a role and its
territories, deactivate or reactivate an account, end its sessions, give it a new invitation link.

Only an administrator sees it (others read why not); every change goes through the write gate with
``Write.ACCOUNT``, which checks the role again on the server and records the change in ``changes``.
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, ctx, dcc, html

from dashboard import sent
from dashboard.access import auth, gate
from dashboard.components.cards import notice
from dashboard.components.controls import permission_picker
from dashboard.components.history import history_table
from dashboard.components.table import scrolling_table
from dashboard.features.accounts import actions
from dashboard.features.accounts.listing import DEACTIVATED, PAGE, accounts_table, scoped_territories, state
from dashboard.page_states import AccountsState
from dashboard.serving import deployment
from dashboard.state import href
from dashboard.store import fetch
from domain import history, invitations, users
from domain.permissions import ROLE_NAMES, Role, Write, forbidden
from domain.texts import ACCOUNT_NAME, USERNAME

dash.register_page(__name__, path=PAGE, name="Comptes", title="Comptes — COP territoriale", nav=False)

ROLE_OPTIONS = [{"label": ROLE_NAMES[role].capitalize(), "value": role.value} for role in Role]
HOW_OPTIONS = [
    {"label": f"Lien d'invitation, valable {invitations.VALIDITY.days} jours, à copier et transmettre : "
              "la personne choisit elle-même son mot de passe", "value": actions.INVITATION},
    {"label": "Premier mot de passe, à transmettre : il sera à changer à la première connexion",
     "value": actions.FIRST_PASSWORD},
]
TERRITORY_HINT = "Un contributeur territorial a au moins un territoire ; les autres rôles n'en ont pas."
FIELD_NAMES = {"role": "Rôle", "full_name": "Nom", "territories": "Territoires", "active": "Actif"}


def layout(**query):
    if not gate.may(Write.ACCOUNT):
        return html.Div([html.H1("Comptes"), _refusal()])
    asked = AccountsState.from_query(query)
    compte = asked.account
    accounts = fetch(users.listing)
    chosen = next((account for account in accounts if account["username"] == compte), None)
    return html.Div([
        html.H1("Comptes"),
        html.P("Les comptes du tableau de bord, leur rôle et, pour un contributeur territorial, ses territoires. "
               "Chaque modification est enregistrée avec son auteur.", className="lead"),
        html.Div(_table(accounts, compte), id="accounts-list"),
        _creation(asked.region),
        _panel(chosen, asked.region) if chosen else html.P(
            "Pour modifier un compte, choisissez « Modifier » sur sa ligne.", id="accounts-no-choice"),
    ])


def _refusal() -> html.Div:
    role, only = auth.editor_role(), "Cette page est réservée aux administrateurs : "
    if role:
        return notice(f"{only}{forbidden(role, Write.ACCOUNT)}.", id="accounts-refused")
    return notice([only, html.A("connectez-vous avec un compte administrateur", href=href(auth.SIGN_IN, suivant=PAGE)),
                   "."], id="accounts-refused")


def _table(accounts: list[dict], chosen: str | None) -> html.Div:
    labels = {option["value"]: option["label"] for option in fetch(scoped_territories)}
    return accounts_table(accounts, labels, chosen)


def _territory_picker(component_id: str, value: list[str], region: str | None) -> dcc.Dropdown:
    """The territories of ``region`` (the one being administered: the address's) first."""
    return permission_picker(component_id, fetch(scoped_territories, region), value,
                             placeholder="Choisir un ou plusieurs territoires (département, CRTE, EPCI)…")


def _creation(region: str | None) -> html.Section:
    return html.Section(className="accounts-create", children=[
        html.H2("Inviter ou créer un compte"),
        html.Div(className="controls", children=[
            html.Div([html.Label("Identifiant", htmlFor="accounts-new-username"),
                      dcc.Input(id="accounts-new-username", className="fr-input", maxLength=USERNAME.longest,
                                autoComplete="off", placeholder="p.martin")], className="control"),
            html.Div([html.Label("Nom affiché", htmlFor="accounts-new-name"),
                      dcc.Input(id="accounts-new-name", className="fr-input", maxLength=ACCOUNT_NAME.longest,
                                autoComplete="off", placeholder="Paul Martin")], className="control"),
        ]),
        html.Fieldset([html.Legend("Rôle"), dcc.RadioItems(id="accounts-new-role", options=ROLE_OPTIONS,
                                                           value=Role.CONTRIBUTOR.value, className="fr-radio")]),
        html.Div([html.Label("Territoires", htmlFor="accounts-new-territories"),
                  _territory_picker("accounts-new-territories", [], region), html.P(TERRITORY_HINT, className="hint")],
                 className="control control--wide"),
        html.Fieldset([html.Legend("Première connexion"), dcc.RadioItems(
            id="accounts-new-how", options=HOW_OPTIONS, value=actions.INVITATION, className="fr-radio")]),
        html.Button("Créer le compte", id="accounts-create", className="fr-btn fr-btn--primary"),
        html.Div(id="accounts-created", role="status", className="message"),
    ])


def _panel(account: dict, region: str | None) -> html.Section:
    name = account["username"]
    deactivated = state(account) == DEACTIVATED
    return html.Section(className="accounts-panel", children=[
        dcc.Store(id="accounts-chosen", data=name),
        html.H2(f"Compte « {name} »", id="accounts-panel-title"),
        html.Fieldset([html.Legend("Rôle"), dcc.RadioItems(id="accounts-role", options=ROLE_OPTIONS,
                                                           value=account["role"], className="fr-radio")]),
        html.Div([html.Label("Territoires", htmlFor="accounts-territories"),
                  _territory_picker("accounts-territories", account["territories"] or [], region),
                  html.P(TERRITORY_HINT, className="hint")], className="control control--wide"),
        html.Button("Enregistrer le rôle et les territoires", id="accounts-save-role", className="fr-btn"),
        html.Div(className="controls account-actions", children=[
            html.Button("Désactiver le compte", id="accounts-deactivate", className="fr-btn fr-btn--secondary",
                        disabled=deactivated),
            html.Button("Réactiver le compte", id="accounts-reactivate", className="fr-btn fr-btn--secondary",
                        disabled=not deactivated),
            html.Button("Révoquer les sessions", id="accounts-revoke", className="fr-btn fr-btn--secondary"),
            html.Button("Nouveau lien d'invitation", id="accounts-new-link", className="fr-btn fr-btn--secondary"),
        ]),
        html.P("Désactiver : le compte ne peut plus se connecter et ses sessions se ferment ; son historique reste. "
               "Révoquer les sessions : il doit se reconnecter. Un nouveau lien d'invitation permet de choisir un "
               "nouveau mot de passe (mot de passe oublié) ; il remplace le lien précédent.", className="hint"),
        html.Div(id="accounts-message", role="status", className="message"),
        html.Details(className="history", children=[
            html.Summary("Historique du compte (qui a changé quoi, et quand)"),
            html.Div(_history(name), id="accounts-history")]),
    ])


def _history(username: str) -> html.Div | html.P:
    """Who created, changed, invited, deactivated the account, from the browser or the command line."""
    table = history_table(f"Historique du compte « {username} »", fetch(history.read, history.ACCOUNTS, username),
                          lambda field: FIELD_NAMES.get(field, field), _shown_value)
    if not len(table.frame):
        return html.P("Aucun changement enregistré.")
    return scrolling_table(table, "accounts-history-table")


def _shown_value(stored):
    if isinstance(stored, bool):
        return "oui" if stored else "non"
    return ROLE_NAMES.get(stored, stored) if isinstance(stored, str) else stored


def _secret_shown(secret: actions.Secret, username: str) -> html.Div:
    """The link or first password, shown once, in a field to copy."""
    warning = None
    if secret.kind == actions.INVITATION:
        value = f"{deployment.public_base_url()}{invitations.PATH}{secret.value}"
        what = (f"Lien d'invitation de « {username} », valable {invitations.VALIDITY.days} jours et une seule fois. "
                "Copiez-le maintenant : il ne sera plus affiché.")
        warning = _host_warning()
    else:
        value = secret.value
        what = (f"Premier mot de passe de « {username} », à changer à sa première connexion. "
                "Copiez-le maintenant : il ne sera plus affiché.")
    return html.Div(className="accounts-secret", children=[
        html.Label(what, htmlFor="accounts-secret"),
        html.Div(className="accounts-secret-value", children=[
            dcc.Input(id="accounts-secret", value=value, readOnly=True, className="fr-input"),
            dcc.Clipboard(target_id="accounts-secret", title="Copier", className="accounts-copy"),
        ]),
        warning,
    ])


def _host_warning() -> html.Div | None:
    """Without ``COP_URL_PUBLIQUE``, the link takes the address the browser asked (its ``Host`` header, which a
    proxy or a forged request may change): said next to the link, to check before passing it on."""
    if deployment.configured_public_url():
        return None
    return notice(f"Ce lien commence par l'adresse de votre requête, {deployment.public_base_url()}, car "
                  f"{deployment.PUBLIC_URL_SETTING} n'est pas définie : vérifiez que c'est bien celle du tableau de "
                  f"bord avant de le transmettre, ou définissez {deployment.PUBLIC_URL_SETTING} (par exemple "
                  "https://cop.exemple.fr) pour que les liens d'invitation la prennent toujours.",
                  id="accounts-secret-host")


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("accounts-created", "children"),
        Output("accounts-list", "children", allow_duplicate=True),
        Input("accounts-create", "n_clicks"),
        State("accounts-new-username", "value"),
        State("accounts-new-name", "value"),
        State("accounts-new-role", "value"),
        State("accounts-new-territories", "value"),
        State("accounts-new-how", "value"),
        prevent_initial_call=True,
    )
    def _create(_, username, name, role, territories, how):
        username, name, territories = sent.text(username), sent.text(name), sent.texts(territories)
        secret = gate.write(actions.create, username, name, role, territories, how, kind=Write.ACCOUNT,
                            show_at="accounts-created")
        return _secret_shown(secret, username.strip()), _table(fetch(users.listing), None)

    @app.callback(
        Output("accounts-message", "children"),
        Output("accounts-list", "children", allow_duplicate=True),
        Output("accounts-history", "children", allow_duplicate=True),
        Input("accounts-save-role", "n_clicks"),
        State("accounts-chosen", "data"),
        State("accounts-role", "value"),
        State("accounts-territories", "value"),
        prevent_initial_call=True,
    )
    def _save_role(_, username, role, territories):
        username, territories = sent.text(username), sent.texts(territories)
        gate.write(actions.change_role, username, role, territories, kind=Write.ACCOUNT, show_at="accounts-message")
        saved = f"Compte « {username} » : rôle {ROLE_NAMES[Role(role)]} enregistré."
        return saved, _table(fetch(users.listing), username), _history(username)

    @app.callback(
        output=dict(message=Output("accounts-message", "children", allow_duplicate=True),
                    listed=Output("accounts-list", "children", allow_duplicate=True),
                    deactivate_disabled=Output("accounts-deactivate", "disabled"),
                    reactivate_disabled=Output("accounts-reactivate", "disabled"),
                    history=Output("accounts-history", "children", allow_duplicate=True)),
        inputs=[Input("accounts-deactivate", "n_clicks"), Input("accounts-reactivate", "n_clicks")],
        state=[State("accounts-chosen", "data")],
        prevent_initial_call=True,
    )
    def _set_active(_deactivate, _reactivate, username):
        clicked = sent.one_of(ctx.triggered_id, ("accounts-deactivate", "accounts-reactivate"))
        active, username = clicked == "accounts-reactivate", sent.text(username)
        gate.write(users.set_active, username, active, kind=Write.ACCOUNT, show_at="accounts-message")
        said = ("réactivé : il peut de nouveau se connecter" if active
                else "désactivé : il ne peut plus se connecter et ses sessions sont fermées")
        return {"message": f"Compte « {username} » {said}.", "listed": _table(fetch(users.listing), username),
                "deactivate_disabled": not active, "reactivate_disabled": active, "history": _history(username)}

    @app.callback(
        Output("accounts-message", "children", allow_duplicate=True),
        Output("accounts-history", "children", allow_duplicate=True),
        Input("accounts-revoke", "n_clicks"),
        State("accounts-chosen", "data"),
        prevent_initial_call=True,
    )
    def _revoke(_, username):
        gate.write(users.end_sessions, sent.text(username), kind=Write.ACCOUNT, show_at="accounts-message")
        return f"Sessions du compte « {username} » fermées : il devra se reconnecter.", _history(username)

    @app.callback(
        Output("accounts-message", "children", allow_duplicate=True),
        Output("accounts-history", "children", allow_duplicate=True),
        Input("accounts-new-link", "n_clicks"),
        State("accounts-chosen", "data"),
        prevent_initial_call=True,
    )
    def _new_link(_, username):
        secret = gate.write(actions.new_link, sent.text(username), kind=Write.ACCOUNT, show_at="accounts-message")
        return _secret_shown(secret, username), _history(username)
