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
    if isinstance(error, IsADirectoryError):
        problem = "c'est un dossier, pas un fichier."
    elif isinstance(error, PermissionError):
        problem = "lecture interdite (droits du fichier)."
    elif isinstance(error, MemoryError):
        problem = "mémoire insuffisante pour lire ce fichier."
    elif isinstance(error, OSError):
        problem = f"erreur du système en lisant le fichier ({error.strerror or type(error).__name__})."
    else:
        others = [Path(f).name for f in files[1:]]
        problem = (f"erreur inattendue ({type(error).__name__})"
                   + (f" en chargeant aussi {', '.join(others)}" if others else "") + ".")
    return LoadError(file, problem, hint=f"Détails techniques dans {log}.")
