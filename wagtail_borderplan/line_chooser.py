"""The content-line chooser: each line shown with its plan and section.

Lines of different plans often share their text (a plan is carried into the next
year), so the text alone does not say which line an editor picks. The chooser modal,
the chosen value and the widget on the entry and feed-source forms all show
:attr:`ContentLine.label`, read with the plan and section joined (no query per line).
"""

from __future__ import annotations

from typing import Any

from django import forms
from wagtail.snippets.widgets import AdminSnippetChooser

from .choosers import (
    PolicyChooseResultsView,
    PolicyChooserViewSet,
    PolicyChooseView,
    PolicyChosenView,
)
from .models import ContentLine


def lines_with_labels():
    return ContentLine.objects.select_related("plan", "section")


class LabelledLinesMixin:
    def get_object_list(self):
        return lines_with_labels()

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = "label"
        return column


class ContentLineChooseView(LabelledLinesMixin, PolicyChooseView):
    pass


class ContentLineChooseResultsView(LabelledLinesMixin, PolicyChooseResultsView):
    pass


class ContentLineChosenView(PolicyChosenView):
    def get_object(self, pk):
        return lines_with_labels().get(pk=pk)

    def get_display_title(self, instance: ContentLine) -> str:
        return instance.label


class ContentLineChooserWidget(AdminSnippetChooser):
    def get_instance(self, value: Any) -> ContentLine | None:
        if value is None or isinstance(value, ContentLine):
            return value
        return lines_with_labels().filter(pk=value).first()

    def get_display_title(self, instance: ContentLine) -> str:
        return instance.label


class ContentLineChooserViewSet(PolicyChooserViewSet):
    choose_view_class = ContentLineChooseView
    choose_results_view_class = ContentLineChooseResultsView
    chosen_view_class = ContentLineChosenView
    base_widget_class = ContentLineChooserWidget


class ContentLineChoiceField(forms.ModelChoiceField):
    """A plain select of content lines (the import form), labelled like the chooser."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(lines_with_labels(), **kwargs)

    def label_from_instance(self, obj: ContentLine) -> str:
        return obj.label
