"""Every change the app makes, as an action (on the model of ``wagtail/actions/``).

An action is built with what it changes and who changes it; ``check()`` raises a typed
error when the user may not, or the state does not allow it; ``execute()`` checks, then
writes and logs once, in one transaction. Admin views, management commands and tasks
call actions and only turn their results and errors into responses.
"""
