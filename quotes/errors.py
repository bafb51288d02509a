"""The one exception type the CLI turns into a one-line error with an optional hint."""


class QuotesError(Exception):
    """A failure the user can understand and often fix: printed as one line, exit 1."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint
