"""Command line: ``python -m loaders COMMAND``. Every command prints what it did, in French."""

from __future__ import annotations

import getpass
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

import typer

from data.db import DatabaseBusy, connect, database_path, migrate
from domain import formats
from domain.errors import UserError
from domain.invitations import PATH as INVITATION_PATH
from domain.invitations import VALIDITY, invite
from domain.permissions import DEFAULT_ROLE, ROLE_NAMES, Role
from domain.regions import region_code
from domain.users import (
    AccountError,
    account,
    create_account,
    end_sessions,
    parse_territory,
    save_user,
    set_active,
    set_role,
)
from domain.users import scopes as user_scopes
from loaders.catalogue import load_catalogue
from loaders.commitments import load_commitments
from loaders.demo import load_demo
from loaders.errors import LoadError, unexpected
from loaders.import_lock import import_turn
from loaders.indicators import load_indicators
from loaders.journal import NOTHING_WRITTEN, Outcome, full_report, running
from loaders.keys import load_keys
from loaders.observations import load_observations
from loaders.parties import load_parties
from loaders.programmes import load_programmes
from loaders.regional_objectives import load_regional_objectives
from loaders.sgpe import DEFAULT_VINTAGE, load_sgpe
from loaders.territories import load_territories
from loaders.undo import plan_undo, undo_import

app = typer.Typer(
    help="Chargement des données du tableau de bord COP territoriale dans la base DuckDB "
    "(fichier data/cop.duckdb, ou la variable d'environnement COP_DB).",
    no_args_is_help=True,
    add_completion=False,
)


def _progress(message: str) -> None:
    typer.echo(f"… {message}", err=True)


def _run(load, *files: Path | None) -> None:
    """Open the database, bring its schema up to date, run ``load(con)`` and report.

    This is the command line's one error handler: a bug or a system error becomes a French
    sentence naming the file(s); its traceback goes to ``imports.log`` next to the database.
    """
    try:
        with import_turn(database_path(), _author()), connect() as con, running(author=_author()):
            migrate(con)
            outcome: Outcome = load(con)
    except DatabaseBusy as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    except typer.Exit:
        raise
    except UserError as error:
        typer.echo(str(error), err=True)
        typer.echo("Aucune donnée n'a été modifiée.", err=True)
        raise typer.Exit(code=1) from None
    except Exception as error:
        if not isinstance(error, LoadError):
            error = unexpected(error, [f for f in files if f is not None], _log(error))
        typer.echo(str(error), err=True)
        typer.echo("Aucune donnée n'a été modifiée.", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(outcome.message())
    if outcome.nothing_written:
        typer.echo(NOTHING_WRITTEN, err=True)
        raise typer.Exit(code=1)


def _author() -> str:
    """Who the journal names for an import, and the history for an account change, from the command line."""
    return f"ligne de commande ({getpass.getuser()})"


def _log(error: Exception) -> Path:
    """Append the traceback of an unexpected error to ``imports.log`` next to the database; its path."""
    log = database_path().with_name("imports.log")
    with open(log, "a", encoding="utf-8") as file:
        file.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S} python -m loaders {' '.join(sys.argv[1:])}\n")
        traceback.print_exception(error, file=file)
    return log


@app.command()
def demo() -> None:
    """Génère les données fictives de la « Région de démonstration »."""
    _run(load_demo)


@app.command()
def sgpe(
    chemin: Path = typer.Argument(..., help="Panorama SGPE : JSON du simulateur territorial, ou CSV/XLSX."),
    millesime: str = typer.Option(DEFAULT_VINTAGE, "--millesime", help="Millésime des objectifs : un autre millésime "
                                  "s'ajoute aux précédents, qui restent chargés ; le même millésime est remplacé."),
) -> None:
    """Charge le panorama SGPE des leviers régionaux (objectifs 2030 par levier et par région) ; les pages montrent
    le millésime le plus récent de chaque région."""
    _run(lambda con: load_sgpe(con, chemin, millesime), chemin)


@app.command()
def observations(
    chemin: Path = typer.Argument(..., help="CSV/XLSX long : territoire, levier ou indicateur, année, valeur, unité."),
    source: str | None = typer.Option(None, "--source", help="Source à afficher pour ces valeurs."),
    encodage: str | None = typer.Option(None, "--encodage", help="Encodage du CSV (UTF-8 par défaut)."),
) -> None:
    """Charge des valeurs observées (séparateur et virgule décimale détectés)."""
    _run(lambda con: load_observations(con, chemin, source, encodage), chemin)


@app.command()
def territoires(
    communes: Path = typer.Option(..., "--communes", help="Couche COMMUNE d'ADMIN EXPRESS (GeoPackage, shapefile…)."),
    epci: Path = typer.Option(..., "--epci", help="Table des EPCI : CODE_SIREN, NOM, NATURE."),
    crte: Path | None = typer.Option(None, "--crte", help="Composition des CRTE (format ANCT)."),
    regions: Path | None = typer.Option(None, "--regions", help="Contours des régions (code, nom)."),
    departements: Path | None = typer.Option(None, "--departements", help="Contours des départements (code, nom)."),
) -> None:
    """Charge communes, EPCI, CRTE, départements et régions, avec leurs contours."""
    _run(lambda con: load_territories(con, communes, epci, crte, regions, departements, say=_progress),
         communes, epci, crte, regions, departements)


@app.command()
def cles(
    chemin: Path = typer.Argument(..., help="CSV/XLSX de clés de répartition, par commune ou par EPCI "
                                  "(long ou large)."),
    source: str | None = typer.Option(None, "--source", help="Source à afficher pour ces clés."),
    millesime: str | None = typer.Option(None, "--millesime", help="Millésime des valeurs."),
    unite: str | None = typer.Option(None, "--unite", help="Unité des clés (format large, ou sans colonne unite)."),
    encodage: str | None = typer.Option(None, "--encodage", help="Encodage du CSV (UTF-8 par défaut)."),
) -> None:
    """Charge des clés de répartition (parc de véhicules, logements au fioul…) pour la déclinaison territoriale."""
    _run(lambda con: load_keys(con, chemin, source, millesime, unite, encodage), chemin)


@app.command()
def catalogue(
    chemin: Path | None = typer.Argument(None, help="CSV/XLSX : id, nom, unite, theme, sens, agregation, "
                                            "ponderation, source, periodicite, description (défaut : "
                                            "le catalogue de départ des indicateurs socle)."),
    forcer: bool = typer.Option(False, "--forcer", help="Change l'unité d'indicateurs qui ont déjà des valeurs "
                                "(elles sont réétiquetées, pas converties)."),
) -> None:
    """Ajoute ou met à jour des définitions d'indicateurs (les autres sont conservées)."""
    _run(lambda con: load_catalogue(con, chemin, force=forcer), chemin)


@app.command()
def indicateurs(
    chemin: Path = typer.Argument(..., help="CSV/XLSX de valeurs d'indicateurs, long ou large, à tout niveau."),
    source: str | None = typer.Option(None, "--source", help="Source à afficher pour ces valeurs."),
    encodage: str | None = typer.Option(None, "--encodage", help="Encodage du CSV (UTF-8 par défaut)."),
) -> None:
    """Charge des valeurs d'indicateurs et recalcule leurs agrégats (EPCI, CRTE, départements, régions)."""
    _run(lambda con: load_indicators(con, chemin, source, encodage), chemin)


@app.command()
def imports() -> None:
    """Liste ce qui a été chargé : quand, depuis quel fichier, avec quel résultat."""
    with connect() as con:
        migrate(con)
        rows = con.execute(
            "SELECT import_id, started_at, kind, file_name, status, rows_read, rows_written, message, sha256,"
            " author, undone_by FROM imports ORDER BY import_id"
        ).fetchall()
    if not rows:
        typer.echo(f"Aucun import dans {database_path()}.")
        return
    for import_id, started, kind, name, status, read, written, message, digest, author, undone_by in rows:
        undone = f" (annulé par n° {undone_by})" if undone_by else ""
        read_text = "" if read is None else f"{formats.agreed(read, 'lu', True)}, "
        typer.echo(f"n° {import_id} — {started:%d/%m/%Y %H:%M:%S} — {kind} — {name or '(générées)'} — {status}"
                   f"{undone} — {read_text}{formats.agreed(written, 'écrit', True)} — par {author or '(inconnu)'}")
        if digest:
            typer.echo(f"    sha256 : {digest}")
        first_line = message.splitlines()[0] if message else ""
        typer.echo(f"    {first_line}")


@app.command("compte-rendu")
def report(numero: int = typer.Argument(..., help="Numéro de l'import (voir python -m loaders imports).")) -> None:
    """Affiche le compte rendu complet d'un import, toutes les lignes refusées comprises."""
    with connect() as con:
        migrate(con)
        text = full_report(con, numero)
    if text is None:
        typer.echo(f"Aucun import n° {numero} dans {database_path()}.", err=True)
        raise typer.Exit(code=1)
    typer.echo(text)


@app.command()
def annuler(
    numero: int = typer.Argument(..., help="Numéro de l'import à annuler (voir python -m loaders imports)."),
    oui: bool = typer.Option(False, "--oui", help="Annule sans demander de confirmation (scripts)."),
) -> None:
    """Annule un import : les lignes qu'il avait remplacées reviennent à l'identique, celles qu'il avait
    écrites sont retirées ; ce qui en dépend est nommé avant de confirmer."""
    def undo(con) -> Outcome:
        if not oui:
            typer.echo("\n".join(plan_undo(con, numero).describe()))
            if not typer.confirm("Confirmer l'annulation ?"):
                raise typer.Exit(code=1)
        return undo_import(con, numero)
    _run(undo)


@app.command()
def engagements(
    chemin: Path = typer.Argument(..., help="Modèle d'engagements rempli (XLSX ou CSV), ou un classeur exporté."),
    region: str = typer.Option(..., "--region", help="Région de la feuille de route : code INSEE ou nom."),
    auteur: str | None = typer.Option(None, "--auteur", help="Auteur inscrit dans l'historique."),
) -> None:
    """Importe des engagements dans la feuille de route d'une région : ajoute, modifie, refuse (avec la ligne)."""
    code = region_code(region) or region
    author = auteur or _author()
    _run(lambda con: load_commitments(con, chemin, code, author)[0], chemin)


@app.command()
def parties(
    chemin: Path = typer.Argument(..., help="CSV/XLSX du registre : code, type, nom, niveau, code_territoire, siren, "
                                  "contact_nom, contact_fonction, contact_courriel."),
    region: str = typer.Option(..., "--region", help="Région du registre : code INSEE ou nom."),
) -> None:
    """Importe le registre des parties d'une région (organisations et contacts) : ajoute ou remplace les parties du
    fichier et leurs contacts."""
    code = region_code(region) or region
    _run(lambda con: load_parties(con, chemin, code), chemin)


@app.command()
def programmes(
    chemin: Path = typer.Argument(..., help="CSV/XLSX : programme (code), niveau, code, annee (facultative)."),
) -> None:
    """Importe les programmes nationaux des territoires (Petites villes de demain, Action cœur de ville…)."""
    _run(lambda con: load_programmes(con, chemin), chemin)


@app.command()
def objectifs(
    chemin: Path = typer.Argument(..., help="CSV/XLSX : region, indicateur, annee_reference, valeur_reference, "
                                  "cible_2030 ou evolution_visee, source, statut."),
) -> None:
    """Charge des objectifs régionaux au-delà des gaz à effet de serre (eau, biodiversité, sols, air, déchets)."""
    _run(lambda con: load_regional_objectives(con, chemin, _author()), chemin)


@app.command()
def utilisateur(
    identifiant: str = typer.Argument(..., help="Identifiant de connexion (lettres, chiffres, . _ @ -)."),
    nom: str | None = typer.Option(None, "--nom", help="Nom affiché et inscrit dans l'historique."),
    mot_de_passe_stdin: bool = typer.Option(False, "--mot-de-passe-stdin",
                                            help="Lit le mot de passe sur l'entrée standard (scripts)."),
    revoquer: bool = typer.Option(False, "--revoquer",
                                  help="Ferme toutes les sessions ouvertes du compte, sans changer son mot de passe."),
    role: str | None = typer.Option(None, "--role", help=f"Rôle du compte : {', '.join(Role)} "
                                       f"({DEFAULT_ROLE} par défaut pour un nouveau compte)."),
    territoire: list[str] = typer.Option([], "--territoire", help="Territoire d'un contributeur, niveau:code "
                                         "(departement, crte ou epci), par ex. crte:crte-53-22-1 ; répétable."),
    inviter: bool = typer.Option(False, "--inviter", help=f"Affiche un lien d'invitation (valable {VALIDITY.days} "
                                 "jours, une fois) où la personne choisit son mot de passe ; crée le compte au "
                                 "besoin."),
    desactiver: bool = typer.Option(False, "--desactiver", help="Désactive le compte : il ne peut plus se connecter "
                                    "et ses sessions se ferment ; son historique reste."),
    reactiver: bool = typer.Option(False, "--reactiver", help="Réactive un compte désactivé."),
) -> None:
    """Crée un compte, ou change son mot de passe (demandé deux fois, jamais affiché) et ferme alors ses
    sessions ouvertes. Avec --role ou --territoire, un compte existant change seulement de rôle ou de
    territoires (et de mot de passe avec --mot-de-passe-stdin). Avec --revoquer, ferme seulement ses sessions ;
    avec --desactiver ou --reactiver, change seulement son état ; avec --inviter, affiche un lien d'invitation."""
    if desactiver or reactiver:
        _change_account(lambda con: set_active(con, identifiant, reactiver, _author()))
        done = "réactivé" if reactiver else "désactivé : il ne peut plus se connecter et ses sessions sont fermées"
        typer.echo(f"Compte « {identifiant} » {done}.")
        return
    if inviter:
        _invite(identifiant, nom, role, territoire)
        return
    if revoquer:
        if not _change_account(lambda con: end_sessions(con, identifiant, _author())):
            typer.echo(f"Compte « {identifiant} » introuvable : aucune session fermée.", err=True)
            raise typer.Exit(code=1)
        typer.echo(f"Sessions du compte « {identifiant} » fermées : il devra se reconnecter.")
        return
    exists = _change_account(lambda con: account(con, identifiant)) is not None
    role_only = exists and (role or territoire) and not mot_de_passe_stdin
    password = None if role_only else _password(mot_de_passe_stdin)

    def change(con):
        created = password is not None and save_user(con, identifiant, password, nom, role, _author())
        if role or territoire:
            chosen = [parse_territory(text) for text in territoire]
            set_role(con, identifiant, role or account(con, identifiant).role, chosen, _author())
        return created, account(con, identifiant), user_scopes(con, identifiant)

    created, saved, territories = _change_account(change)
    scope = f" ({', '.join(map(str, territories))})" if territories else ""
    done = ("créé" if created else "mis à jour (rôle)" if role_only
            else "mis à jour (nouveau mot de passe) ; ses sessions ouvertes sont fermées")
    typer.echo(f"Compte « {identifiant} » {done} — rôle {ROLE_NAMES[saved.role]}{scope}.")


def _invite(username: str, name: str | None, role: str | None, territories: list[str]) -> None:
    """A link for ``username`` to choose its password, the account created (invited) when it does not exist."""
    def invited(con):
        if account(con, username) is None:
            create_account(con, username, name, role or DEFAULT_ROLE, [parse_territory(text) for text in territories],
                           author=_author())
        return invite(con, username, _author())

    token = _change_account(invited)
    address = os.environ.get("COP_URL_PUBLIQUE", "").strip().rstrip("/") or "ADRESSE-DU-TABLEAU-DE-BORD"
    typer.echo(f"Lien d'invitation de « {username} » (valable {VALIDITY.days} jours, une seule fois) : "
               f"{address}{INVITATION_PATH}{token}")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("Mot de passe", hide_input=True, confirmation_prompt="Confirmez le mot de passe")


def _change_account(change):
    """``change(con)`` in one transaction on the up-to-date database; a refused account or a busy database
    ends the command, changing nothing."""
    try:
        with connect() as con:
            migrate(con)
            con.begin()
            try:
                result = change(con)
            except BaseException:
                con.rollback()
                raise
            con.commit()
            return result
    except AccountError as error:
        typer.echo(f"Compte non enregistré : {error}", err=True)
        raise typer.Exit(code=1) from None
    except DatabaseBusy as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None


if __name__ == "__main__":
    sys.exit(app())
