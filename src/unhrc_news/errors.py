"""Errors that stop a build, each naming the file, the entry and the fix."""
from __future__ import annotations


class CommandError(Exception):
    """A command cannot do what was asked; str(error) says why in one line. The CLI prints
    every CommandError the same way and exits 1."""


class BuildError(CommandError):
    """A build cannot go on. Subclasses say whose fault it is."""


class InputError(BuildError):
    """Bad input written by a person: an article, an annotation, the registry.

    str(error) is one line: ``<file>: <entry>: <problem>. Fix: <fix>``.
    """

    def __init__(self, file: str, entry: str, problem: str, fix: str):
        self.file, self.entry, self.problem, self.fix = str(file), entry, problem, fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}: {self.entry}" if self.entry else self.file
        return f"{where}: {self.problem}. Fix: {self.fix}"


class InputErrors(BuildError):
    """Several bad inputs found together (a batch `add`): `errors` holds each, one line apiece."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__(f"{len(errors)} bad input(s):\n" + "\n".join(map(str, errors)))


class ValidationFailed(BuildError):
    """The built tables break their contract; `failures` holds one line per problem."""

    def __init__(self, failures: list[str]):
        self.failures = failures
        super().__init__(f"{len(failures)} validation failure(s):\n" + "\n".join(failures))
