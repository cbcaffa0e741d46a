"""Business errors raised by operations; `portal/errors.py` turns each into one HTTP status,
as a page or, under /api/, as JSON."""


class DomainError(Exception):
    status = 400

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Invalid(DomainError):
    """The input breaks a rule (a limit, a required field)."""
    status = 400


class NotAllowed(DomainError):
    """The actor may not do this."""
    status = 403


class Conflict(DomainError):
    """The object is not in a state that allows this (or someone else got there first)."""
    status = 409


class InvalidFields(Invalid):
    """Several problems at once, each on a field of the input: `problems` holds objects with
    `field` and `message` (a form shows each on its field; a page lists them)."""

    def __init__(self, problems):
        super().__init__(" ".join(problem.message for problem in problems))
        self.problems = list(problems)


class NeedsConfirmation(Invalid):
    """Nothing is wrong, but some values look implausible: `warnings` holds objects with
    `field` and `message`; the person confirms them (the same input, with the confirmation)
    or corrects the values. Nothing was saved."""

    def __init__(self, warnings):
        super().__init__(" ".join(warning.message for warning in warnings))
        self.warnings = list(warnings)
