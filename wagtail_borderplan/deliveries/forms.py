"""The admin's delivery forms: the listing's filters, the bulk confirmation, a new link.

Units and channels are plain choices of ids (never a lookup by the typed value: an id
too large for SQLite answered 500 in a model choice field)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..actions.deliveries import CLOCK_SKEW
from ..models import Channel, Unit
from ..times import validate_day, zone_label

# A listing spans at most about a quarter: beyond it the page would be unreadable anyway.
MAX_PERIOD_DAYS = 92


def _choices(rows, everything: str) -> list[tuple[str, str]]:
    return [("", everything), *((str(pk), name) for pk, name in rows)]


class DeliveryFilterForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), required=False)
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), required=False)
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        validators=[validate_day],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        validators=[validate_day],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, unit_ids: frozenset[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.order_by("name")
        if unit_ids is not None:
            units = units.filter(pk__in=unit_ids)
        self.fields["unit"].choices = _choices(
            units.values_list("pk", "name"), _("All my units") if unit_ids else _("All units")
        )
        self.fields["channel"].choices = _choices(
            Channel.objects.confirmed().order_by("name").values_list("pk", "name"),
            _("All channels"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise ValidationError(_("The end of the period comes before its start."))
            if (end - start).days >= MAX_PERIOD_DAYS:
                raise ValidationError(
                    _("Choose a period of at most %(days)d days.") % {"days": MAX_PERIOD_DAYS}
                )
        return data

    def period(self, today: date) -> tuple[date, date, bool]:
        """``(first, last, explicit)``: the days asked for, else the default window
        (the 7 days before today, then this week to Sunday)."""
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("start"), data.get("end")
        if not start and not end:
            monday = today - timedelta(days=today.weekday())
            return today - timedelta(days=7), monday + timedelta(days=6), False
        start = start or end - timedelta(days=MAX_PERIOD_DAYS - 1)
        end = end or start + timedelta(days=MAX_PERIOD_DAYS - 1)
        return start, end, True

    def selected(self, name: str) -> int | None:
        value = self.cleaned_data.get(name) if self.is_valid() else None
        return int(value) if value else None


class BulkConfirmForm(forms.Form):
    """One time and an optional note for every item ticked; read in the plan's zone."""

    delivered_date = forms.DateField(
        label=gettext_lazy("Date carried"),
        validators=[validate_day],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    delivered_time = forms.TimeField(
        label=gettext_lazy("Time carried"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivered_time"].help_text = _("In %(zone)s.") % {"zone": zone_label()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, moment = data.get("delivered_date"), data.get("delivered_time")
        if day and moment:
            when = datetime.combine(day, moment, tzinfo=timezone.get_current_timezone())
            if when > timezone.now() + CLOCK_SKEW:
                raise ValidationError(_("A delivery cannot be confirmed before it happens."))
            data["delivered_at"] = when
        return data


def initial_confirmation() -> dict[str, Any]:
    local = timezone.localtime()
    return {
        "delivered_date": local.date(),
        "delivered_time": local.time().replace(second=0, microsecond=0),
    }


class CarrierLinkForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("Who holds it, e.g. the station's phone."),
    )
