"""Labels for the few places where Wagtail shows a field's *name* rather than a text
that goes through gettext, so that no catalogue can translate them: the columns of the
Sites listing ("Port", "Site name", "Root page", made from ``port``, ``site_name``,
``root_page``), the login form's password field ("Password", from ``password``) and the
workflow reports' export headings ("requested_by", "started_at", …).

Each gets the label Wagtail would translate: the model field's verbose name, or the
msgid Wagtail's catalogue already translates. Only labels still derived from the name
are replaced, so a Wagtail that labels them itself is left alone.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy


def _derived(label: object, name: str) -> bool:
    return isinstance(label, str) and label == capfirst(name.replace("_", " "))


def label_wagtail_fields() -> None:
    if apps.is_installed("wagtail.sites"):
        from wagtail.models import Site
        from wagtail.sites.views import IndexView

        for column in IndexView.columns:
            if not _derived(column.label, column.name):
                continue
            try:
                field = Site._meta.get_field(column.name)
            except FieldDoesNotExist:
                # A column of a later Wagtail that is not a field: leave it, never fail
                # the start of every process over a label.
                continue
            column.label = capfirst(field.verbose_name)

    _label_workflow_exports()

    from wagtail.admin.forms.auth import LoginForm

    password = LoginForm.base_fields["password"]
    if password.label is None:
        password.label = gettext_lazy("Password")


def _label_workflow_exports() -> None:
    """Wagtail's workflow reports export some columns under their raw names
    ("requested_by", "started_at"): the heading falls back to the attribute's name.
    Those get the model field's verbose name, which the catalogues translate."""
    from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
    from wagtail.models import TaskState, WorkflowState

    for view, model in ((WorkflowView, WorkflowState), (WorkflowTasksView, TaskState)):
        headings = dict(view.export_headings)
        for name in view.list_export:
            if name in headings:
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            headings[name] = capfirst(field.verbose_name)
        view.export_headings = headings
