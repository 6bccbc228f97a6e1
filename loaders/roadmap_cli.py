"""Command-line commands of the roadmap: ``engagements`` (import the template) and ``utilisateur`` (accounts)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Optional

import typer

from dashboard.users import AccountError, save_user
from data.db import DatabaseBusy, connect, migrate
from loaders.commitments import load_commitments
from loaders.errors import LoadError
from loaders.regions import region_code


def engagements(
    chemin: Path = typer.Argument(..., help="Modèle d'engagements rempli (XLSX ou CSV), ou un classeur exporté."),
    region: str = typer.Option(..., "--region", help="Région de la feuille de route : code INSEE ou nom."),
    auteur: Optional[str] = typer.Option(None, "--auteur", help="Auteur inscrit dans l'historique."),
) -> None:
    """Importe des engagements dans la feuille de route d'une région : ajoute, modifie, refuse (avec la ligne)."""
    code = region_code(region) or region
    author = auteur or f"ligne de commande ({getpass.getuser()})"
    try:
        with connect() as con:
            migrate(con)
            outcome, _ = load_commitments(con, chemin, code, author)
    except LoadError as error:
        typer.echo(str(error), err=True)
        typer.echo("Aucune donnée n'a été modifiée.", err=True)
        raise typer.Exit(code=1)
    except DatabaseBusy as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1)
    typer.echo(outcome.message())


def utilisateur(
    identifiant: str = typer.Argument(..., help="Identifiant de connexion (lettres, chiffres, . _ @ -)."),
    nom: Optional[str] = typer.Option(None, "--nom", help="Nom affiché et inscrit dans l'historique."),
    mot_de_passe_stdin: bool = typer.Option(False, "--mot-de-passe-stdin",
                                            help="Lit le mot de passe sur l'entrée standard (scripts)."),
) -> None:
    """Crée un compte d'éditeur, ou change son mot de passe (demandé deux fois, jamais affiché)."""
    if mot_de_passe_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Mot de passe", hide_input=True, confirmation_prompt="Confirmez le mot de passe")
    try:
        with connect() as con:
            migrate(con)
            created = save_user(con, identifiant, password, nom)
    except AccountError as error:
        typer.echo(f"Compte non enregistré : {error}", err=True)
        raise typer.Exit(code=1)
    except DatabaseBusy as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1)
    typer.echo(f"Compte « {identifiant} » {'créé' if created else 'mis à jour (nouveau mot de passe)'}.")
