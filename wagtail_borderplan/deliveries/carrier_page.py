"""The carrying units' public page: confirm deliveries through a secret link, no account.

A station opens ``carry/<token>/`` on its phone, sees what it must carry this week (and
what it has not confirmed from the week before) and confirms each item with its
evidence. The token is the only credential: a wrong, revoked or malformed one answers
the same 404; every change goes through :class:`ConfirmDeliveryAction` with the link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, URLValidator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from ..actions.base import ActionInvalidError, ActionPermissionError, ActionStateError
from ..actions.deliveries import EVIDENCE, ConfirmDeliveryAction
from ..conf import get_setting
from ..models import (
    CalendarEntry,
    CarrierLink,
    Channel,
    ChannelKind,
    Delivery,
    DeliveryState,
    DeliveryStatus,
    EntryStatus,
    Unit,
)
from ..models.deliveries import end_of_day
from ..models.planning import served_here
from ..times import format_with_zone, validate_day, zone_label
from .rate_limit import LINK_POSTS, WRONG_TOKENS, client_address

TEMPLATE = "wagtail_borderplan/deliveries/carrier_page.html"
MAX_FILE_SIZE = 10 * 1024 * 1024
FILE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "webp", "mp3", "m4a", "ogg", "wav", "mp4"]
# The token is in the address: keep it out of caches, referrers and search engines.
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    # Not "no-referrer": browsers then send "Origin: null" with the form, and Django's
    # CSRF check refuses it. "same-origin" still keeps the token from other sites.
    "Referrer-Policy": "same-origin",
    "X-Robots-Tag": "noindex, nofollow",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
}
ERROR_STATUS = {ActionPermissionError: 403, ActionStateError: 409, ActionInvalidError: 400}
_RADIO = ("duration_minutes", "evidence_url", "note", "evidence_file")
# The evidence each kind of channel can give, and so the fields its items show: a radio
# relay has no issue number, a bulletin no air time. A recording may be online (a link).
# District portals (the only ones a station confirms here) give their article's address.
EVIDENCE_BY_KIND: dict[str, tuple[str, ...]] = {
    ChannelKind.DISTRICT_RADIO: _RADIO,
    ChannelKind.COMMUNE_RADIO: _RADIO,
    ChannelKind.BULLETIN: ("evidence_url", "issue_number", "note", "evidence_file"),
    ChannelKind.PRESS: ("evidence_url", "note", "evidence_file"),
    ChannelKind.PORTAL: ("evidence_url", "note"),
    ChannelKind.OTHER: EVIDENCE,
}


class HttpURLField(forms.URLField):
    """A web address: http or https only, checked once (a second validator beside the
    field's own said "Enter a valid URL" twice)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CarrierConfirmForm(forms.Form):
    """One item's confirmation; the date and time are read in the plan's zone. Only the
    evidence fields that fit the channel's ``kind`` are kept (``EVIDENCE_BY_KIND``)."""

    entry = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    channel = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    status = forms.ChoiceField(
        label=gettext_lazy("What happened"),
        choices=[
            (DeliveryStatus.DELIVERED, gettext_lazy("Carried")),
            (DeliveryStatus.CANCELLED, gettext_lazy("Will not carry")),
        ],
        initial=DeliveryStatus.DELIVERED,
        widget=forms.RadioSelect,
    )
    delivered_date = forms.DateField(
        label=gettext_lazy("Date carried"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_day],
    )
    delivered_time = forms.TimeField(
        label=gettext_lazy("Time carried"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"),
        help_text=gettext_lazy("For a broadcast."),
        required=False,
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    evidence_url = HttpURLField(
        label=gettext_lazy("Link"),
        help_text=gettext_lazy("Where it can be seen or heard."),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    issue_number = forms.CharField(
        label=gettext_lazy("Bulletin issue number"), required=False, max_length=50
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_file = forms.FileField(
        label=pgettext_lazy("evidence", "File"),
        help_text=gettext_lazy("A scan, a photo or a recording; at most 10 MB."),
        required=False,
        validators=[FileExtensionValidator(FILE_EXTENSIONS)],
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in FILE_EXTENSIONS)}
        ),
    )

    def __init__(self, *args: Any, kind: str = ChannelKind.OTHER, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fitting = EVIDENCE_BY_KIND.get(kind, EVIDENCE)
        # Dropped, not hidden: a value posted for such a field is never read.
        for name in EVIDENCE:
            if name not in fitting:
                del self.fields[name]
        self.evidence_names = [name for name in EVIDENCE if name in fitting]

    def evidence_fields(self) -> list[forms.BoundField]:
        """The channel's evidence fields, in the form's order, for the template."""
        return [self[name] for name in self.evidence_names]

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload and upload.size > MAX_FILE_SIZE:
            raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, moment = data.get("delivered_date"), data.get("delivered_time")
        if day and moment:
            zone = timezone.get_current_timezone()
            data["delivered_at"] = datetime.combine(day, moment, tzinfo=zone)
        return data

    def evidence(self) -> dict[str, Any]:
        """The evidence typed; a file not chosen again is left out, so the one sent
        before is kept."""
        evidence = {name: self.cleaned_data.get(name) for name in self.evidence_names}
        if not evidence.get("evidence_file"):
            evidence.pop("evidence_file", None)
        return evidence


def blank_form(
    entry_id: int,
    channel_id: int,
    now: datetime,
    delivery: Delivery | None = None,
    kind: str = ChannelKind.OTHER,
) -> CarrierConfirmForm:
    """The item's form; changing a confirmation starts from what was recorded."""
    local = timezone.localtime(delivery.delivered_at if delivery else now)
    initial = {
        "entry": entry_id,
        "channel": channel_id,
        "delivered_date": local.date(),
        "delivered_time": local.time().replace(second=0, microsecond=0),
    }
    if delivery is not None:
        initial.update({name: getattr(delivery, name) for name in EVIDENCE[:-1]})
        initial["status"] = delivery.status
    return CarrierConfirmForm(
        initial=initial, auto_id=item_auto_id(entry_id, channel_id), kind=kind
    )


def item_auto_id(entry_id: int, channel_id: int) -> str:
    # Every item has its own form on the page: the ids (and labels) must not collide.
    return f"id_{entry_id}_{channel_id}_%s"


# -- What the unit must carry ------------------------------------------------------------


@dataclass
class Window:
    """The days shown: this week (Monday–Sunday) and the week before (unconfirmed)."""

    first: date
    monday: date
    last: date
    today: date

    @classmethod
    def around(cls, today: date) -> Window:
        monday = today - timedelta(days=today.weekday())
        return cls(
            first=monday - timedelta(days=7), monday=monday, last=monday + timedelta(6), today=today
        )

    def entry_q(self, prefix: str = "") -> Q:
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.first, time.min, tzinfo=zone)
        return Q(
            **{f"{prefix}planned_at__gte": start, f"{prefix}planned_at__lt": end_of_day(self.last)}
        ) | Q(
            **{
                f"{prefix}planned_at__isnull": True,
                f"{prefix}due_date__gte": self.first,
                f"{prefix}due_date__lte": self.last,
            }
        )


@dataclass
class Item:
    entry: CalendarEntry
    channel: Channel
    delivery: Delivery | None
    day: date
    state: str
    form: CarrierConfirmForm | None = None

    @property
    def anchor(self) -> str:
        return f"item-{self.entry.pk}-{self.channel.pk}"

    @property
    def planned(self) -> str:
        if self.entry.planned_at:
            return format_with_zone(self.entry.planned_at)
        return date_format(self.day, "d/m/Y")

    @property
    def confirmed(self) -> str:
        return format_with_zone(self.delivery.delivered_at) if self.delivery else ""

    @property
    def state_label(self) -> str:
        labels = {
            "waiting": _("Waiting for confirmation"),
            "overdue": _("Overdue: not confirmed"),
            DeliveryState.ON_TIME: DeliveryState.ON_TIME.label,
            DeliveryState.LATE: DeliveryState.LATE.label,
            DeliveryState.CANCELLED: _("Will not carry"),
        }
        return str(labels[self.state])

    @property
    def open(self) -> bool:
        return self.delivery is None or bool(self.form and self.form.is_bound)


def carried_pairs(unit: Unit, window: Window) -> QuerySet:
    """The (entry, channel) rows ``unit`` is expected to confirm in ``window``: one query.

    The rules of ``expected_units``: the channel's carrying units, else the unit that
    manages it, else the entry's own unit; portals served here deliver by publishing."""
    through = CalendarEntry.channels.through
    carriers = Channel.carriers.through
    carried = Exists(carriers.objects.filter(channel_id=OuterRef("channel_id"), unit_id=unit.pk))
    has_carriers = Exists(carriers.objects.filter(channel_id=OuterRef("channel_id")))
    managed = Q(channel__unit_id=unit.pk) | Q(
        channel__unit__isnull=True, calendarentry__unit_id=unit.pk
    )
    return (
        through.objects.filter(window.entry_q("calendarentry__"))
        .exclude(calendarentry__editorial_status=EntryStatus.CANCELLED)
        .exclude(served_here("channel__"))
        .filter(carried | (~has_carriers & managed))
        .select_related("calendarentry", "channel")
    )


def carrier_items(unit: Unit, window: Window) -> list[Item]:
    """The unit's items of the window with their state; two queries whatever the size of
    the plan (the pairs, and this unit's deliveries of the window)."""
    deliveries = {
        (d.entry_id, d.channel_id): d
        # A proposal of the collector is not the unit's record: the item still waits.
        for d in Delivery.objects.recorded().filter(unit=unit).filter(window.entry_q("entry__"))
    }
    items = []
    for row in carried_pairs(unit, window):
        entry, channel = row.calendarentry, row.channel
        delivery = deliveries.get((entry.pk, channel.pk))
        day = timezone.localtime(entry.planned_at).date() if entry.planned_at else entry.due_date
        if delivery is not None:
            delivery.entry = entry  # its state reads the entry's day: no query per row
            if day < window.monday:
                continue  # last week's confirmed items are done
            state = delivery.state
        else:
            state = "overdue" if day < window.today else "waiting"
        items.append(Item(entry, channel, delivery, day, state))
    items.sort(
        key=lambda i: (i.day, i.entry.planned_at or end_of_day(i.day), i.entry.pk, i.channel.name)
    )
    return items


# -- The view ----------------------------------------------------------------------------


def private(response: HttpResponse) -> HttpResponse:
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    return response


def not_found(request: HttpRequest) -> HttpResponse:
    """Any wrong, revoked or malformed token: the same page, no hint."""
    WRONG_TOKENS.hit(client_address(request))
    return render(request, "wagtail_borderplan/deliveries/carrier_not_found.html", status=404)


def too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "wagtail_borderplan/deliveries/carrier_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def carrier_page(request: HttpRequest, token: str) -> HttpResponse:
    """GET: what the link's unit must carry; POST: confirm one item."""
    with translation.override("vi"), timezone.override(ZoneInfo(get_setting("TIME_ZONE"))):
        return private(respond(request, token))


def respond(request: HttpRequest, token: str) -> HttpResponse:
    # The token is looked up first: only wrong ones count against an address, so a
    # guesser behind a shared address (a carrier's NAT) never locks real links out.
    link = CarrierLink.objects.for_token(token)
    if link is None:
        if WRONG_TOKENS.exceeded(client_address(request)):
            return too_many(request)
        return not_found(request)
    if request.method == "POST":
        if LINK_POSTS.hit(str(link.pk)) > LINK_POSTS.count:
            return too_many(request)
        return confirm(request, token, link)
    return page(request, link)


def page(
    request: HttpRequest,
    link: CarrierLink,
    *,
    bound: CarrierConfirmForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    window = Window.around(timezone.localtime(now).date())
    items = carrier_items(link.unit, window)
    key = posted_item(request) if bound is not None else None
    for item in items:
        mine = key == (item.entry.pk, item.channel.pk)
        item.form = (
            bound
            if mine
            else blank_form(
                item.entry.pk, item.channel.pk, now, item.delivery, kind=item.channel.kind
            )
        )
    shown_bound = bound is not None and any(item.form is bound for item in items)
    context = {
        "unit": link.unit,
        "week": window,
        "zone": zone_label(),
        "overdue": [i for i in items if i.day < window.monday or i.state == "overdue"],
        "this_week": [i for i in items if i.day >= window.monday and i.state != "overdue"],
        "error": error,
        # An error on an item not in the list (or a form that could not be read).
        "orphan_form": bound if bound is not None and not shown_bound else None,
    }
    return render(request, TEMPLATE, context, status=status)


def posted_item(request: HttpRequest) -> tuple[int, int] | None:
    """The (entry, channel) a POST is about, if it names them readably."""
    values = [request.POST.get("entry", ""), request.POST.get("channel", "")]
    if all(value.isascii() and value.isdigit() and len(value) < 10 for value in values):
        return int(values[0]), int(values[1])
    return None


def confirm(request: HttpRequest, token: str, link: CarrierLink) -> HttpResponse:
    key = posted_item(request)
    # The item first: its channel decides which evidence the form reads.
    shown = {
        (item.entry.pk, item.channel.pk): item
        for item in carrier_items(link.unit, Window.around(timezone.localdate()))
    }
    item = shown.get(key) if key else None
    auto_id = item_auto_id(*key) if key else "id_%s"
    kind = item.channel.kind if item else ChannelKind.OTHER
    form = CarrierConfirmForm(request.POST, request.FILES, auto_id=auto_id, kind=kind)
    if not form.is_valid():
        return page(request, link, bound=form, error=_("Check the form below."), status=400)
    data = form.cleaned_data
    if item is None or (data["entry"], data["channel"]) != key:
        # Another unit's, or outside the weeks shown: a link cannot reach it.
        error = _("This item is not on your list.")
        return page(request, link, bound=form, error=error, status=400)
    entry, channel = item.entry, item.channel
    action = ConfirmDeliveryAction(
        entry,
        channel,
        link.unit,
        user=None,
        link=link,
        delivered_at=data["delivered_at"],
        status=data["status"],
        **form.evidence(),
    )
    try:
        action.execute()
    except (ActionPermissionError, ActionStateError, ActionInvalidError) as error:
        status = next(code for kind, code in ERROR_STATUS.items() if isinstance(error, kind))
        return page(request, link, bound=form, error=str(error), status=status)
    if data["status"] == DeliveryStatus.CANCELLED:
        messages.success(
            request, _("Recorded: you will not carry “%s”.") % entry.title, fail_silently=True
        )
    else:
        messages.success(
            request, _("Thank you: “%s” is confirmed.") % entry.title, fail_silently=True
        )
    url = reverse("wagtail_borderplan_carry", args=[token])
    return HttpResponseRedirect(f"{url}#item-{entry.pk}-{channel.pk}")
