"""The base of every action and the errors they raise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction


class ActionError(Exception):
    """An action that cannot be done; ``str(error)`` is translated for the editor."""


class ActionPermissionError(ActionError, PermissionDenied):
    """The user may not do this (views answer 403)."""


class ActionStateError(ActionError):
    """The object's state does not allow it now (views answer 409 and say why)."""

    def __init__(self, message: str, *, link: str | None = None, confirm: str = "") -> None:
        super().__init__(message)
        self.link = link  # where the editor can resolve it (the article, say)
        self.confirm = confirm  # a question whose "yes" makes the action possible


class ActionInvalidError(ActionError):
    """A value the action cannot take (views answer 400)."""


class Action:
    """``check()`` for permission and state; ``execute()`` checks, then writes and logs
    once in a transaction. ``user`` is None for the system (cron, tasks): no permission
    is checked then, only the state."""

    def __init__(self, user: Any = None) -> None:
        self.user = user

    def check_permission(self) -> None:
        """Raise :class:`ActionPermissionError` when ``self.user`` may not act."""

    def check_state(self) -> None:
        """Raise :class:`ActionStateError` or :class:`ActionInvalidError` when the
        object's state or the values given do not allow the action."""

    def check(self, skip_permission_checks: bool = False) -> None:
        if self.user is not None and not skip_permission_checks:
            self.check_permission()
        self.check_state()

    def execute(self, skip_permission_checks: bool = False, savepoint: bool = True) -> Any:
        """Check, then change, in one transaction (a savepoint inside the caller's, so a
        refused action leaves the caller's transaction usable). ``savepoint=False`` is
        for a caller whose own transaction is the unit of work and which never goes on
        in it after an error (the collector's item: two queries fewer per item)."""
        with transaction.atomic(savepoint=savepoint):
            self.check(skip_permission_checks=skip_permission_checks)
            return self._execute()

    def _execute(self) -> Any:
        raise NotImplementedError
