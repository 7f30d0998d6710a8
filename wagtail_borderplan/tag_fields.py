"""Form fields for an article's vocabularies that never split a name.

Wagtail's tag widget (jQuery tag-it) keeps tags in one comma-separated text field and
splits it naively: "Thông tin đối ngoại, hữu nghị" came back as two junk tags, and a
treaty with a comma failed validation. Sections and treaties are controlled
vocabularies, so they are plain checkboxes; topics stay free tags, one name per line,
with tag-it on top for autocompletion and the line break as its delimiter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db import models
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.tags import validate_tag_length


class VocabularyField(forms.ModelMultipleChoiceField):
    """A controlled vocabulary (sections, treaties) as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, tag_model: type[models.Model], **kwargs: Any) -> None:
        super().__init__(queryset=tag_model.objects.canonical(), **kwargs)

    def prepare_value(self, value: Any) -> Any:
        # The page form's initial value is the list of tag objects from the cluster.
        if isinstance(value, Iterable) and not isinstance(value, str | bytes):
            return [getattr(item, "pk", item) for item in value]
        return super().prepare_value(value)


class TopicsWidget(forms.Textarea):
    """One topic per line; the ``bp-topics`` controller turns it into tag-it chips."""

    template_name = "wagtail_borderplan/widgets/topics.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"rows": 3, **(attrs or {})})

    def format_value(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return "\n".join(getattr(item, "name", str(item)) for item in value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["autocomplete_url"] = reverse("wagtailadmin_tag_autocomplete")
        return context

    @property
    def media(self) -> forms.Media:
        return forms.Media(js=["wagtail_borderplan/js/topics.js"])


class TopicsField(forms.CharField):
    """Free topics, one name per line: a comma is part of a name, never a separator."""

    widget = TopicsWidget

    def __init__(self, tag_model: type[models.Model], **kwargs: Any) -> None:
        self.tag_model = tag_model
        hint = _("One topic per line; choose an existing topic or type a new one.")
        given = kwargs.pop("help_text", "")
        kwargs["help_text"] = format_lazy("{} {}", given, hint) if given else hint
        super().__init__(strip=False, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return self.widget.format_value(value)

    def to_python(self, value: Any) -> list[str]:
        names: list[str] = []
        seen: set[str] = set()
        for line in (value or "").splitlines():
            name = line.strip()
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
        return names

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        validate_tag_length(value, self.tag_model._meta.get_field("name").max_length)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(self.prepare_value(initial)) != self.to_python(data)
