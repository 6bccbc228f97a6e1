"""The cache contract (dashboard/store/data_versions.py): a kept value is the same whoever asked for it first.

Every page of the app, and the Déclinaison's controls, are opened by an anonymous visitor and by each role, on the
demo region where people are named everywhere (``world``, tests/test_reading.py), the cache emptied before each
reader. A key that two readers both filled must hold the same value for both: otherwise the second would be served
the first one's page (an administrator's button, an account's name, a contact). What is kept and sent as it is (a
page's answer, components, a figure) names nobody: the reading policy (dashboard/access/reading.py) hides people
from the public, so a page that shows them cannot be kept for everyone. The pages whose whole answer is kept
(``kept=`` at their registration, dashboard/serving/page_answers.py) are also compared as they are sent: alike
for every reader when kept for everyone, alike for two accounts of one role when kept per role.
"""

from __future__ import annotations

import json
import pickle
from contextlib import contextmanager

import dash

from bench.dash_requests import post, python_callbacks
from dashboard import store
from dashboard.serving import page_answers
from domain import users
from domain.permissions import Role, Territory
from tests.layouts import part_answer, parts_asked
from tests.test_page_answers import by_id
from tests.test_reading import ANONYMOUS, READERS, SECRETS, world  # noqa: F401 (world: a fixture)

PAGES = {  # every page, with the world's identifiers: what it shows of people, scenarios, methods, versions
    "/": ["?region=00", "?region=00&vue=groupe"],
    "/ecarts": ["?region=00&scenario={scenario}&comparer={scenario}"],
    "/declinaison": ["?region=00&methode={method}", "?region=00&niveau=crte&unite=habitant"],
    "/declinaison/fiche": ["?region=00&niveau=departement&code={departement}"],
    "/diagnostic": ["?region=00"],
    "/donnees": [""],
    "/feuille-de-route": ["?region=00", "?region=00&comparer={version}"],
    "/feuille-de-route/contributions": ["?region=00"],
    "/feuille-de-route/document": ["?region=00"],
    "/feuille-de-route/maquette": ["?region=00&annee=2026"],
    "/projection": ["?region=00"],
    "/comptes": [""],
    "/deroulement": ["?region=00", "?region=00&niveau=departement"],
    "/deroulement/territoire": ["?region=00&niveau=crte&code={crte}"],
    "/deroulement/reunion": ["?reunion={meeting}"],
    "/deroulement/reunion/document": ["?reunion={meeting}&document=releve"],
    "/registre": ["?region=00"],
    "/404": [""],
    "/accessibilite": [""],
    "/mentions-legales": [""],
    "/donnees-personnelles": [""],
    "/plan-du-site": ["?region=00"],
}
SPLIT_UPDATE = "dashboard.pages.split._update"
SPLIT_TABLE = "dashboard.pages.split._table_update"


def router(app: dash.Dash) -> str:
    return next(name for name in python_callbacks(app) if name.startswith("dash.dash."))


def open_page(world, reader: str, path: str, query: str) -> list:
    """What opens ``path`` for ``reader``, as sent (uncompressed)."""
    app, clients, ids = world
    return opened(app, clients[reader], path, query.format(**ids))


def opened(app: dash.Dash, client, path: str, search: str) -> list:
    """The router's answer opening ``path``, then the answers of the parts sent after it, asked for as the browser
    does (dashboard/components/deferred.py)."""
    response = post(client, app, router(app), ("_pages_location.pathname", {
        "_pages_location.pathname": path, "_pages_location.search": search}, None))
    assert response.status_code == 200, (path, response.text[:300])
    return [response.json, *(part_answer(client, container, data)
                             for container, data in parts_asked(response.json["response"]))]


def change_split_level(world, reader: str, level: str) -> None:
    """The Déclinaison's level control moved to ``level``, then its table asked for, as the browser does."""
    app, clients, ids = world
    page = open_page(world, reader, "/declinaison", "?region=00&methode={method}")[0]["response"]
    layout = page["_pages_content"]["children"]
    values = {f"{name}.value": by_id(layout, name)["props"].get("value")
              for name in ("split-scope", "split-unit", "split-compare", "split-sort", "split-territory")}
    values |= {"split-level.value": level, "split-state.data": by_id(layout, "split-state")["props"]["data"]}
    answer = post(clients[reader], app, SPLIT_UPDATE, ("split-level.value", values, None))
    assert answer.status_code == 200, answer.text[:300]
    table = answer.json["response"]["split-table-params"]["data"]
    assert post(clients[reader], app, SPLIT_TABLE, ("split-table-params.data", {
        "split-table-params.data": table}, None)).status_code == 200


def sent_as_is(value) -> str | None:
    """A kept value's text when it is sent as it is — a page's answer, components, a figure — else None (query
    results, which pages read and pass through the reading policy)."""
    if isinstance(value, tuple) and value and isinstance(value[0], bytes):
        return value[0].decode()
    if isinstance(value, (dict, list, tuple)):
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except TypeError:  # keyed by tuples (territories by level and code): a query result, never sent
            return None
        return text if '"props"' in text or '"layout"' in text else None
    return None


@contextmanager
def kept_by(world, monkeypatch):
    """The cache emptied, then every value put in it meanwhile: key → value."""
    app = world[0]
    with app.server.app_context():
        store.cache.clear()
    kept = {}
    put = store.cache.set
    monkeypatch.setattr(store.cache, "set", lambda key, value, *a, **k: kept.update({key: value}) or put(
        key, value, *a, **k))
    try:
        yield kept
    finally:
        monkeypatch.setattr(store.cache, "set", put)


@contextmanager
def data_held():
    """The app's connection held open, so that no checkpoint moves the version of all data between two readers
    (the keys of the values to compare would then differ). No application context is held around the requests:
    they would share its ``g``, and with it the account signed in by the first."""
    with store.shared.cursor():
        yield


def test_every_page_is_opened(world):
    assert {page["path"] for page in dash.page_registry.values()} == set(PAGES), \
        "ajoutez la page à PAGES, avec de quoi montrer tout ce qu'elle garde"


def test_a_kept_value_is_the_same_whoever_asked_for_it_first(world, monkeypatch):
    by_reader = {}
    with data_held():
        for reader in READERS:
            with kept_by(world, monkeypatch) as kept:
                for path, queries in PAGES.items():
                    for query in queries:
                        open_page(world, reader, path, query)
                change_split_level(world, reader, "crte")
            by_reader[reader] = {key: pickle.dumps(value) for key, value in kept.items()}
            if reader == ANONYMOUS:
                shown = {key: text for key, value in kept.items() if (text := sent_as_is(value)) is not None}
    kinds = {key.split(":", 1)[0].rsplit(".", 1)[-1] for key in by_reader[ANONYMOUS]}
    assert {"page-answer", "_page", "_diagnostic", "_answer", "_table_answer"} <= kinds, kinds
    secrets = [secret for named in SECRETS.values() for secret in named]
    named = sorted(key[:150] for key, text in shown.items() if any(secret in text for secret in secrets))
    assert named == [], f"gardé pour tous et montré tel quel, mais nomme des personnes : {named}"
    anonymous = by_reader[ANONYMOUS]
    for reader, kept in by_reader.items():
        common = anonymous.keys() & kept.keys()
        assert len(common) > len(PAGES), (reader, len(common))
        differing = sorted(key[:150] for key in common if kept[key] != anonymous[key])
        assert differing == [], f"gardé pour tous, mais différent pour « {reader} » : {differing}"


def kept_pages(per_role: bool) -> set[str]:
    """The paths of the pages whose answer is kept, for everyone or per role."""
    return {page["path"] for page in dash.page_registry.values()
            if (kept := page.get(page_answers.FLAG)) is not None and kept.per_role == per_role}


def test_each_page_kept_for_everyone_is_sent_alike_to_every_reader(world, monkeypatch):
    kept_whole = kept_pages(per_role=False)
    assert {"/", "/diagnostic"} <= kept_whole  # the overview, at least (README, « Ce qui se répète »)
    with data_held():
        for path in sorted(kept_whole):
            for query in PAGES[path]:
                sent = {}
                for reader in READERS:
                    with kept_by(world, monkeypatch):
                        sent[reader] = json.dumps(open_page(world, reader, path, query), sort_keys=True)
                differing = [reader for reader in READERS if sent[reader] != sent[ANONYMOUS]]
                assert set(sent.values()) == {sent[ANONYMOUS]}, (path, differing)


def test_a_page_kept_per_role_is_built_alike_for_two_accounts_of_that_role(world, monkeypatch):
    """Each role's second account — another name, and for a contributor another territory — is sent, built again
    for it, the page its role's first account was sent: the kept answer names no account."""
    app, clients, ids = world
    per_role = kept_pages(per_role=True)
    assert {"/ecarts", "/declinaison", "/feuille-de-route"} <= per_role
    others = {}
    for role in Role:
        name = f"{role.value}.autre"
        store.write(users.save_user, name, f"mot-de-passe-{name}", f"Autre {role.value}", role)
        if role == Role.CONTRIBUTOR:
            store.write(users.set_role, name, role, [Territory("departement", ids["departement"])])
        others[role.value] = client = app.server.test_client()
        signed = client.post("/connexion", data={"identifiant": name, "mot_de_passe": f"mot-de-passe-{name}"})
        assert signed.status_code == 302, signed.text
    with data_held():
        for path in sorted(per_role):
            for query in PAGES[path]:
                for role, other in others.items():
                    sent = []
                    for client in (clients[role], other):
                        with kept_by(world, monkeypatch) as kept:
                            sent.append(json.dumps(opened(app, client, path, query.format(**ids)), sort_keys=True))
                        assert any(key.startswith("page-answer:") for key in kept), (path, role)
                    assert sent[0] == sent[1], (path, query, role)
