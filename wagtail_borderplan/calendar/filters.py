"""The calendar's filters: a GET form whose values stay in the URL."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import (
    CalendarEntry,
    Channel,
    ContentLine,
    EntryStatus,
    Plan,
    Section,
    Treaty,
    Unit,
)
from ..models.calendar import entry_status
from ..permissions import unit_ids_for


class QuickSelect(forms.Select):
    """A select rendered in Python: Django renders each option through a template,
    which on the calendar's six filters cost more than the month's entries."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        current = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(choice)}"{" selected" if str(choice) == current else ""}>'
            f"{escape(label)}</option>"
            for choice, label in self.choices
        )
        attributes = "".join(f' {key}="{escape(val)}"' for key, val in attrs.items())
        return mark_safe(f"<select{attributes}>{options}</select>")  # all values escaped


class CalendarFilterForm(forms.Form):
    plan = forms.ModelChoiceField(
        Plan.objects.all(),
        widget=QuickSelect,
        required=False,
        label=_("Plan"),
        empty_label=_("All plans"),
    )
    section = forms.ModelChoiceField(
        Section.objects.canonical(),
        widget=QuickSelect,
        required=False,
        label=_("Section"),
        to_field_name="slug",
        empty_label=_("All sections"),
    )
    treaty = forms.ModelChoiceField(
        Treaty.objects.canonical(),
        widget=QuickSelect,
        required=False,
        label=_("Legal document"),
        to_field_name="slug",
        empty_label=_("All treaties"),
    )
    unit = forms.ModelChoiceField(
        Unit.objects.all(),
        widget=QuickSelect,
        required=False,
        label=_("Unit"),
        empty_label=_("All units"),
    )
    channel = forms.ModelChoiceField(
        Channel.objects.all(),
        widget=QuickSelect,
        required=False,
        label=_("Channel or portal"),
        empty_label=_("All channels"),
    )
    status = forms.ChoiceField(
        widget=QuickSelect,
        choices=[("", _("All statuses")), *EntryStatus.choices],
        required=False,
        label=_("Status"),
    )
    mine = forms.BooleanField(required=False, label=_("Only mine"))

    def __init__(self, data, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user

    def filter(self, queryset: QuerySet[CalendarEntry]) -> QuerySet[CalendarEntry]:
        """Apply the valid filters; an invalid value is ignored and shown as an error."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = self.cleaned_data
        if data.get("plan"):
            queryset = queryset.filter(plan=data["plan"])
        if data.get("section"):
            queryset = queryset.filter(content_line__section=data["section"])
        if data.get("treaty"):
            queryset = queryset.filter(
                Exists(
                    ContentLine.treaties.through.objects.filter(
                        contentline_id=OuterRef("content_line_id"), treaty=data["treaty"]
                    )
                )
            )
        if data.get("unit"):
            queryset = queryset.filter(unit=data["unit"])
        if data.get("channel"):
            queryset = queryset.filter(
                Exists(
                    CalendarEntry.channels.through.objects.filter(
                        calendarentry_id=OuterRef("pk"), channel=data["channel"]
                    )
                )
            )
        if data.get("status"):
            # The whole rule: the cards' own annotation leaves ``delivered`` out.
            queryset = queryset.alias(status_filtered=entry_status()).filter(
                status_filtered=data["status"]
            )
        if data.get("mine") and self.user is not None:
            queryset = queryset.filter(
                Q(assignee=self.user) | Q(unit_id__in=unit_ids_for(self.user))
            )
        return queryset

    def active(self) -> dict[str, str]:
        """The valid filter values as given in the URL, for links and stored preferences
        that keep them. A checkbox is "on" when checked: it accepts any text as checked,
        and that text (a NUL byte, 10,000 characters) must not travel on."""
        values = {}
        for name, field in self.fields.items():
            if not self.data.get(name) or name in self.errors:
                continue
            if isinstance(field, forms.BooleanField):
                if self.cleaned_data.get(name):
                    values[name] = "on"
            else:
                values[name] = str(self.data[name])
        return values
