"""The one error a loader raises: a French sentence naming the file, where, and what is wrong."""

from __future__ import annotations

from pathlib import Path

from domain.errors import UserError
from domain.texts import TextField


class LoadError(UserError):
    def __init__(
        self,
        file: Path | str,
        problem: str,
        line: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ):
        self.file = Path(file).name
        self.problem = problem
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"« {self.file} »"
        if self.line is not None:
            where += f", ligne {self.line}"
        if self.column is not None:
            where += f", colonne « {self.column} »"
        message = f"Erreur dans {where} : {self.problem}"
        if self.hint:
            message += f" {self.hint}"
        return message


def checked_text(file: Path | str, field: TextField, text: str | None, line: int | None = None,
                 column: str | None = None, option: str | None = None) -> str | None:
    """``text`` trimmed (None when blank) when ``field`` may hold it (``domain.texts``), else the LoadError
    naming the file, the line and the column, or the command-line ``option``, it was read from."""
    text = (text or "").strip()
    if problem := field.problem(text):
        raise LoadError(file, f"option {option} : {problem}." if option else f"{problem}.", line=line, column=column)
    return text or None


def unexpected(error: Exception, files: list[Path | str], log: Path) -> LoadError:
    """A bug or a system error said in French, naming the file it concerns; the details are in ``log``."""
    named = getattr(error, "filename", None)
    file = named or (files[0] if files else "?")
    others = [Path(f).name for f in files[1:]] if not isinstance(error, OSError | MemoryError) else []
    problem = _problem(error)[:-1] + (f" en chargeant aussi {', '.join(others)}" if others else "") + "."
    return LoadError(file, problem, hint=f"Détails techniques dans {log}.")


def failure_text(error: Exception) -> str:
    """What the journal says of a failed import: the French message of a refusal, else what went wrong said in
    French — never a library's English text (DuckDB's « Conflict on tuple deletion »…)."""
    if isinstance(error, UserError):
        return error.message
    return (f"Échec de l'import : {_problem(error)} Aucune donnée n'a été modifiée ; le détail technique est dans "
            "le journal de l'application (ou dans imports.log pour la ligne de commande).")


def _problem(error: Exception) -> str:
    if isinstance(error, IsADirectoryError):
        return "c'est un dossier, pas un fichier."
    if isinstance(error, PermissionError):
        return "lecture interdite (droits du fichier)."
    if isinstance(error, MemoryError):
        return "mémoire insuffisante pour lire ce fichier."
    if isinstance(error, OSError):
        return f"erreur du système en lisant le fichier ({error.strerror or type(error).__name__})."
    return f"erreur inattendue ({type(error).__name__})."
