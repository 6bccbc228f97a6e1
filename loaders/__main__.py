"""Command line: ``python -m loaders COMMAND``. Every command prints what it did, in French."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from data.db import DatabaseBusy, connect, database_path, migrate
from loaders.demo import load_demo
from loaders.errors import LoadError
from loaders.journal import Outcome
from loaders.observations import load_observations
from loaders.sgpe import DEFAULT_VINTAGE, load_sgpe
from loaders.territories import load_territories

app = typer.Typer(
    help="Chargement des données du tableau de bord COP territoriale dans la base DuckDB "
    "(fichier data/cop.duckdb, ou la variable d'environnement COP_DB).",
    no_args_is_help=True,
    add_completion=False,
)


def _progress(message: str) -> None:
    typer.echo(f"… {message}", err=True)


def _run(load) -> None:
    """Open the database, bring its schema up to date, run ``load(con)`` and report."""
    try:
        with connect() as con:
            migrate(con)
            outcome: Outcome = load(con)
    except LoadError as error:
        typer.echo(str(error), err=True)
        typer.echo("Aucune donnée n'a été modifiée.", err=True)
        raise typer.Exit(code=1)
    except DatabaseBusy as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1)
    typer.echo(outcome.message())


@app.command()
def demo() -> None:
    """Génère les données fictives de la « Région de démonstration »."""
    _run(load_demo)


@app.command()
def sgpe(
    chemin: Path = typer.Argument(..., help="Panorama SGPE : JSON du simulateur territorial, ou CSV/XLSX."),
    millesime: str = typer.Option(DEFAULT_VINTAGE, "--millesime", help="Millésime des objectifs."),
) -> None:
    """Charge le panorama SGPE des leviers régionaux (objectifs 2030 par levier et par région)."""
    _run(lambda con: load_sgpe(con, chemin, millesime))


@app.command()
def observations(
    chemin: Path = typer.Argument(..., help="CSV/XLSX long : territoire, levier ou indicateur, année, valeur, unité."),
    source: Optional[str] = typer.Option(None, "--source", help="Source à afficher pour ces valeurs."),
    encodage: Optional[str] = typer.Option(None, "--encodage", help="Encodage du CSV (UTF-8 par défaut)."),
) -> None:
    """Charge des valeurs observées (séparateur et virgule décimale détectés)."""
    _run(lambda con: load_observations(con, chemin, source, encodage))


@app.command()
def territoires(
    communes: Path = typer.Option(..., "--communes", help="Couche COMMUNE d'ADMIN EXPRESS (GeoPackage, shapefile…)."),
    epci: Path = typer.Option(..., "--epci", help="Table des EPCI : CODE_SIREN, NOM, NATURE."),
    crte: Optional[Path] = typer.Option(None, "--crte", help="Composition des CRTE (format ANCT)."),
    regions: Optional[Path] = typer.Option(None, "--regions", help="Contours des régions (code, nom)."),
    departements: Optional[Path] = typer.Option(None, "--departements", help="Contours des départements (code, nom)."),
) -> None:
    """Charge communes, EPCI, CRTE, départements et régions, avec leurs contours."""
    _run(lambda con: load_territories(con, communes, epci, crte, regions, departements, say=_progress))


@app.command()
def imports() -> None:
    """Liste ce qui a été chargé : quand, depuis quel fichier, avec quel résultat."""
    with connect() as con:
        migrate(con)
        rows = con.execute(
            "SELECT import_id, started_at, kind, file_name, status, rows_read, rows_written, message, sha256"
            " FROM imports ORDER BY import_id"
        ).fetchall()
    if not rows:
        typer.echo(f"Aucun import dans {database_path()}.")
        return
    for import_id, started, kind, name, status, read, written, message, digest in rows:
        typer.echo(f"n° {import_id} — {started:%d/%m/%Y %H:%M:%S} — {kind} — {name or '(générées)'} — {status}"
                   f" — {read if read is not None else '-'} lue(s), {written} écrite(s)")
        if digest:
            typer.echo(f"    sha256 : {digest}")
        first_line = message.splitlines()[0] if message else ""
        typer.echo(f"    {first_line}")


if __name__ == "__main__":
    sys.exit(app())
