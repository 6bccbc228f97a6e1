"""The one error a loader raises: a French sentence naming the file, where, and what is wrong."""

from __future__ import annotations

from pathlib import Path

from domain.errors import UserError


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
