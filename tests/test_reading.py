"""What each reader reads: the reading table of docs/roles.md checked cell by cell against the one policy, then every
page that names people and every export, read by each role and by an anonymous visitor.

The demo region holds the people to find: a contributor's commitment and its contact (changed since a frozen
version), the team's review, scenario and method, an import from the command line (its OS user, and a
refused line in its report), a meeting whose written minutes name a person, and a party of the register with its
contact. A reader who may read a kind of person finds all of them where the page or export
shows them; one who may not finds none, anywhere.
"""

from __future__ import annotations

import io
import json
import shutil

import pytest
from openpyxl import load_workbook

from bench.dash_requests import post, python_callbacks
from dashboard import exports
from dashboard.page_states import RoadmapState
from data.db import connect, migrate
from domain import commitment_store, follow_up, meetings, needs, parties, reviews, scenarios, steps, users, versions
from domain.commitment_template import HEADERS
from domain.commitments import LABELS
from domain.permissions import ALLOWED, READABLE, Read, Role, Territory, Write, may_read
from domain.split_methods import save_method
from loaders.commitments import load_commitments
from loaders.journal import running
from tests.conftest import app_on
from tests.doc_tables import doc_table

CELLS = {"oui": True, "non": False}
ANONYMOUS = "anonyme"
NAMES = {role: f"{role.value}.secret" for role in Role}
OLD_CONTACT, CONTACT = "ancien.contact@exemple.fr", "paul.martin@exemple.fr"
OS_USER, REFUSED_LINE = "ligne de commande (root)", "statut-secret"
MINUTES = "Relevé rédigé par Yann Le Goff"  # a meeting's written minutes, naming a person
PARTY_CONTACT, PARTY_EMAIL = "Jeanne Kerjean", "jeanne.kerjean@exemple.fr"  # a contact of the register
SECRETS = {Read.PEOPLE: [NAMES[Role.TEAM], NAMES[Role.CONTRIBUTOR], OLD_CONTACT, CONTACT, MINUTES],
           Read.IMPORTS: [OS_USER, REFUSED_LINE], Read.CONTACTS: [PARTY_CONTACT, PARTY_EMAIL]}


def role_of(reader: str) -> Role | None:
    return None if reader == ANONYMOUS else Role(reader)


def test_each_cell_of_the_documented_reading_table_is_the_policy():
    table = {key: CELLS[cell] for key, cell in doc_table("docs/roles.md", "Lecteur du tableau de bord").items()}
    assert {reader for reader, _ in table} == {ANONYMOUS, *Role}
    assert {what for _, what in table} == set(Read)
    for (reader, what), cell in table.items():
        assert may_read(role_of(reader), Read(what)) == cell, (reader, what)


def test_whoever_writes_commitments_reads_their_contacts():
    """The grid and the form send a commitment back whole: a writer that did not read the contact would erase it."""
    assert all(Read.PEOPLE in READABLE[role] for role in Role if Write.COMMITMENT in ALLOWED[role])


# --- the demo region, its people, and a client per reader --------------------------------------------------

@pytest.fixture(scope="module")
def world(demo_db, tmp_path_factory):
    """(app, clients by reader, identifiers: the commitment, frozen version, scenario, method, import, a
    département)."""
    folder = tmp_path_factory.mktemp("lecture")
    path = folder / "cop.duckdb"
    shutil.copy(demo_db, path)
    with connect(path) as con:
        migrate(con)
        context = commitment_store.context(con, "00")
        crte = sorted(code for level, code in context.territories if level == "crte")[0]
        departement = sorted(code for level, code in context.territories if level == "departement")[0]
        lever = min(context.levers)
        for role, name in NAMES.items():
            users.save_user(con, name, f"mot-de-passe-{name}", role=role)
        users.set_role(con, NAMES[Role.CONTRIBUTOR], Role.CONTRIBUTOR, [Territory("crte", crte)])
        values = {"territory_level": "crte", "territory_code": crte, "lever_id": lever, "carrier": "Pays de test",
                  "title": "Covoiturage", "quantity_kt": 2.0, "start_year": 2025, "end_year": 2028,
                  "status": "proposé", "contact": OLD_CONTACT}
        number = commitment_store.create(con, "00", values, NAMES[Role.CONTRIBUTOR])
        version = versions.freeze(con, "00", "Avant la relecture", versions.Retained(), NAMES[Role.TEAM])
        commitment_store.update(con, number, 1, {**values, "contact": CONTACT}, NAMES[Role.CONTRIBUTOR])
        reviews.review(con, number, 2, reviews.CHANGES, "Précisez le financement.", NAMES[Role.TEAM])
        follow_up.save(con, number, 2025, {"done_kt": 0.5, "comment": "Première aire"}, None, NAMES[Role.CONTRIBUTOR])
        scenario = scenarios.create_scenario(con, "region", "00", "Ambition", author=NAMES[Role.TEAM])
        scenarios.save_lever_value(con, scenario, lever, "done_kt", 1.0, 0, NAMES[Role.TEAM])
        method = save_method(con, "Méthode de l'équipe", {lever: "superficie"}, "population", NAMES[Role.TEAM])
        refused = {LABELS["territory_level"]: "CRTE", LABELS["territory_code"]: crte, LABELS["lever_id"]: lever,
                   LABELS["carrier"]: "Pays", LABELS["title"]: "Vélo", LABELS["quantity_kt"]: "1",
                   LABELS["start_year"]: "2025", LABELS["end_year"]: "2027", LABELS["status"]: REFUSED_LINE}
        (folder / "e.csv").write_text(";".join(HEADERS) + "\n" + ";".join(refused.get(h, "") for h in HEADERS) + "\n",
                                      encoding="utf-8")
        with running(author=OS_USER):
            load_commitments(con, folder / "e.csv", "00", OS_USER)
        import_id = con.execute("SELECT max(import_id) FROM imports").fetchone()[0]
        parties.save_party(con, "00", {"code": "ASSO", "kind": "association", "name": "Association du Pays"}, [
            {"name": PARTY_CONTACT, "role": "Présidente", "email": PARTY_EMAIL}], True, NAMES[Role.TEAM])
        meeting = meetings.create(con, "00", {
            "instance": "COPIL", "territory": f"crte:{crte}", "day": "2026-03-12", "start": "14:00", "end": "16:00",
            "invited": ["ASSO"], "present": ["ASSO"], "minutes": MINUTES}, NAMES[Role.TEAM])
        steps.save_step(con, "00", "crte", crte, 1, {"state": "en cours", "actual_start": "2026-01-05"},
                        NAMES[Role.TEAM])
        needs.save(con, "00", None, {"territory": f"crte:{crte}", "theme": "Mobilités", "priority": "haute",
                                     "state": "exprimé", "description": "Plan vélo"}, NAMES[Role.CONTRIBUTOR])
    with app_on(path) as (app, anonymous):
        clients = {ANONYMOUS: anonymous}
        for role, name in NAMES.items():
            clients[role.value] = client = app.server.test_client()
            signed = client.post("/connexion", data={"identifiant": name, "mot_de_passe": f"mot-de-passe-{name}"})
            assert signed.status_code == 302, signed.text
        yield app, clients, {"commitment": number, "version": version, "scenario": scenario, "method": method,
                             "import": import_id, "departement": departement,
                             "meeting": meeting, "crte": crte}


READERS = [ANONYMOUS, *(role.value for role in Role)]


def check(reader: str, text: str, shown: dict[Read, list[str]]) -> None:
    """Whoever reads a kind of person finds the ones this page or export ``shown``; the others find none."""
    for what, secrets in SECRETS.items():
        if may_read(role_of(reader), what):
            assert [s for s in shown.get(what, []) if s not in text] == [], (reader, what)
        else:
            assert [s for s in secrets if s in text] == [], (reader, what)


# --- pages ---------------------------------------------------------------------------------------------------

PAGES = {  # path, query (with the world's identifiers) → who the page shows
    ("/feuille-de-route/contributions", "?region=00"): {Read.PEOPLE: [NAMES[Role.CONTRIBUTOR]]},
    ("/feuille-de-route", "?region=00"): {Read.PEOPLE: [CONTACT, NAMES[Role.CONTRIBUTOR], NAMES[Role.TEAM]]},
    ("/donnees", ""): {Read.IMPORTS: [OS_USER]},
    ("/ecarts", "?region=00&scenario={scenario}"): {Read.PEOPLE: [NAMES[Role.TEAM]]},
    ("/declinaison", "?region=00&methode={method}"): {Read.PEOPLE: [NAMES[Role.TEAM]]},
    ("/deroulement", "?region=00"): {},
    ("/deroulement/territoire", "?region=00&niveau=crte&code={crte}"): {},
    ("/deroulement/reunion", "?reunion={meeting}"): {Read.PEOPLE: [MINUTES, NAMES[Role.TEAM]]},
    ("/deroulement/reunion/document", "?reunion={meeting}&document=releve"): {},
    ("/registre", "?region=00"): {Read.CONTACTS: [PARTY_CONTACT, PARTY_EMAIL]},
}


def page(world, reader: str, path: str, query: str) -> str:
    app, clients, ids = world
    router = next(name for name in python_callbacks(app) if name.startswith("dash.dash."))
    response = post(clients[reader], app, router, ("_pages_location.pathname", {
        "_pages_location.pathname": path, "_pages_location.search": query.format(**ids)}, None))
    assert response.status_code == 200, response.text[:300]
    return json.dumps(response.json, ensure_ascii=False)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("path, query", sorted(PAGES))
def test_each_page_shows_people_to_those_who_read_them_only(world, reader, path, query):
    check(reader, page(world, reader, path, query), PAGES[path, query])


def callback(world, reader: str, name: str, trigger: str, values: dict) -> str:
    app, clients, _ = world
    response = post(clients[reader], app, name, (trigger, values, None))
    assert response.status_code == 200, response.text[:300]
    return json.dumps(response.json, ensure_ascii=False)


@pytest.mark.parametrize("reader", READERS)
def test_a_commitment_s_form_history_review_and_comparison_show_people_to_those_who_read_them_only(world, reader):
    ids = world[2]
    params = RoadmapState(region="00", territory="region:00").stored()
    opened = callback(world, reader, "dashboard.pages.roadmap._open", "roadmap-grid.selectedRows", {
        "roadmap-grid.selectedRows": [{"commitment_id": ids["commitment"]}]})
    check(reader, opened, {Read.PEOPLE: [CONTACT, OLD_CONTACT, NAMES[Role.CONTRIBUTOR]]})
    review = callback(world, reader, "dashboard.features.roadmap.review_panel._show", "roadmap-form-base.data", {
        "roadmap-form-base.data": {"id": ids["commitment"], "version": 3, "inputs": {}}})
    check(reader, review, {Read.PEOPLE: [NAMES[Role.TEAM]]})
    compared = callback(world, reader, "dashboard.features.roadmap.frozen_versions_panel._compare",
                        "roadmap-compare.value", {
                            "roadmap-compare.value": ids["version"], "roadmap-params.data": params})
    check(reader, compared, {Read.PEOPLE: [OLD_CONTACT, CONTACT]})


@pytest.mark.parametrize("reader", READERS)
def test_an_import_s_full_report_is_for_those_who_read_imports(world, reader):
    _, clients, ids = world
    response = clients[reader].get(f"/donnees/import/{ids['import']}/compte-rendu.txt")
    if may_read(role_of(reader), Read.IMPORTS):
        assert response.status_code == 200 and REFUSED_LINE in response.text
    else:
        assert response.status_code == 403 and REFUSED_LINE not in response.text
        assert response.text.startswith("Le compte rendu complet d'un import est réservé aux comptes connectés")


# --- exports -------------------------------------------------------------------------------------------------

EXPORTS = {  # view → (query with the world's identifiers, who the export shows)
    "leviers": ("region=00", {}),
    "territoires": ("region=00", {}),
    "imports": ("", {Read.IMPORTS: [OS_USER, REFUSED_LINE]}),
    "ecarts": ("region=00", {}),
    "ecarts-objectifs": ("region=00", {}),
    "objectifs-regionaux": ("region=00", {}),
    "scenarios": ("region=00&comparer={scenario}", {}),
    "historique-scenario": ("scenario={scenario}", {Read.PEOPLE: [NAMES[Role.TEAM]]}),
    "historique-methode": ("region=00&methode={method}", {Read.PEOPLE: [NAMES[Role.TEAM]]}),
    "declinaison": ("region=00&niveau=crte", {}),
    "fiche-territoire": ("region=00&niveau=departement&code={departement}", {}),
    "diagnostic": ("region=00", {}),
    "diagnostic-serie": ("region=00", {}),
    "feuille-de-route": ("region=00", {}),
    "maturites": ("region=00", {}),
    "objectifs-engages": ("region=00", {}),
    "financements": ("region=00", {}),
    "financements-sources-annees": ("region=00", {}),
    "financements-territoires": ("region=00", {}),
    "financements-manquants": ("region=00", {}),
    "maquette-annuelle": ("region=00&annee=2026", {}),
    "engagements": ("region=00", {Read.PEOPLE: [CONTACT]}),
    "retards": ("region=00", {}),
    "suivi": ("engagement={commitment}", {Read.PEOPLE: [NAMES[Role.CONTRIBUTOR]]}),
    "historique-suivi": ("engagement={commitment}&annee=2025", {Read.PEOPLE: [NAMES[Role.CONTRIBUTOR]]}),
    "couverture-departement": ("region=00", {}),
    "couverture-crte": ("region=00", {}),
    "contributions-departement": ("region=00", {Read.PEOPLE: [NAMES[Role.CONTRIBUTOR]]}),
    "contributions-crte": ("region=00", {Read.PEOPLE: [NAMES[Role.CONTRIBUTOR]]}),
    "historique": ("engagement={commitment}", {Read.PEOPLE: [NAMES[Role.CONTRIBUTOR], OLD_CONTACT, CONTACT]}),
    "comparaison": ("region=00&version={version}", {Read.PEOPLE: [OLD_CONTACT, CONTACT]}),
    "reunions": ("region=00", {}),
    "reunion": ("reunion={meeting}", {Read.PEOPLE: [MINUTES]}),
    "historique-reunion": ("reunion={meeting}", {Read.PEOPLE: [NAMES[Role.TEAM], MINUTES]}),
    "etapes": ("region=00", {}),
    "besoins": ("region=00", {}),
    "registre": ("region=00", {Read.CONTACTS: [PARTY_CONTACT, PARTY_EMAIL]}),
    "territoires-silencieux": ("region=00&niveau=crte", {}),
    "comparaison-secteurs": ("region=00&version={version}", {}),
    "comparaison-departements": ("region=00&version={version}", {}),
    "comparaison-crte": ("region=00&version={version}", {}),
}


def test_every_export_is_checked():
    assert set(exports.VIEWS) == set(EXPORTS), "ajoutez l'export à EXPORTS, avec les personnes qu'il montre"


def download(world, reader: str, url: str) -> str:
    _, clients, ids = world
    response = clients[reader].get(url.format(**ids))
    assert response.status_code == 200, (url, response.text[:300])
    if url.split("?")[0].endswith(".csv"):
        return response.data.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    return "\n".join(str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                     for cell in row if cell is not None)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("view", sorted(EXPORTS))
def test_each_export_shows_people_to_those_who_read_them_only(world, reader, view):
    query, shown = EXPORTS[view]
    for extension in ("csv", "xlsx"):
        check(reader, download(world, reader, f"/export/{view}.{extension}?{query}"), shown)


@pytest.mark.parametrize("reader", READERS)
def test_the_roadmap_workbook_shows_contacts_to_those_who_read_them_only(world, reader):
    check(reader, download(world, reader, "/feuille-de-route/classeur.xlsx?region=00"), {Read.PEOPLE: [CONTACT]})


def test_a_kept_export_is_kept_per_reader(world):
    team = download(world, Role.TEAM.value, "/export/engagements.csv?region=00")
    public = download(world, ANONYMOUS, "/export/engagements.csv?region=00")  # the team's copy is kept, not sent
    assert CONTACT in team and CONTACT not in public
    assert "Identifiants des comptes et contacts" not in download(world, Role.TEAM.value,
                                                                  "/export/engagements.xlsx?region=00")
    assert "Identifiants des comptes et contacts (« Contact ») : visibles des seuls comptes connectés de rôle " \
           "administrateur, équipe régionale ou contributeur territorial." in \
        download(world, ANONYMOUS, "/export/engagements.xlsx?region=00")  # the note of the workbook's « Source »
