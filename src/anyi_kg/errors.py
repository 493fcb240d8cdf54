"""The project's errors and the exit codes they map to (0 ok, 1 does not conform, 2 bad input)."""

EXIT_OK = 0
EXIT_NONCONFORMANT = 1
EXIT_BAD_INPUT = 2


class AnyiKGError(Exception):
    """Base class; ``exit_code`` is what the CLI returns."""

    exit_code = EXIT_BAD_INPUT


class BadInputError(AnyiKGError):
    """Input that cannot be read: a syntax error, an unknown name, a bad option."""


class SyntaxErrorInFile(BadInputError):
    """A parse error located in a file, with 1-based line and column."""

    def __init__(self, path: str, line: int | None, column: int | None, message: str) -> None:
        self.path, self.line, self.column, self.message = path, line, column, message
        where = path if line is None else f"{path}:{line}:{column}"
        super().__init__(f"{where}: {message}")


class NonConformantError(AnyiKGError):
    """Data that parses but breaks a rule: a SHACL violation or a quote not in its source."""

    exit_code = EXIT_NONCONFORMANT


class NotebookError(AnyiKGError):
    """An analysis notebook whose cell failed: what it states no longer holds for the graph."""

    exit_code = EXIT_NONCONFORMANT
