"""The admin's delivery screens: confirming in bulk, and a unit's confirmation links.

Members of a carrying unit see and confirm their units' items; holders of the
``change_delivery`` permission see and confirm every unit's. Every change goes through
the actions of ``actions/deliveries.py``; these views turn their errors into messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..actions.base import ActionError, ActionPermissionError
from ..actions.deliveries import (
    ConfirmDeliveryAction,
    CreateCarrierLinkAction,
    RejectProposalAction,
    RevokeCarrierLinkAction,
)
from ..models import (
    CalendarEntry,
    CarrierLink,
    Channel,
    Delivery,
    DeliveryState,
    DeliveryStatus,
    EntryStatus,
    Unit,
)
from ..models.deliveries import end_of_day, entry_day, expected_units
from ..permissions import delivery_policy, unit_ids_for
from ..times import format_with_zone, zone_label
from .forms import (
    BulkConfirmForm,
    CarrierLinkForm,
    DeliveryFilterForm,
    initial_confirmation,
)

PER_PAGE = 100
# One bulk post confirms at most this many items (a page and then some).
MAX_ITEMS = 500
# Per-item errors beyond this many are counted, not listed.
MAX_ERROR_MESSAGES = 10
MAX_PK = 2**31 - 1
ITEM_KEY = re.compile(r"^(\d{1,10})-(\d{1,10})-(\d{1,10})$")
# The session key holding a link just made ({"pk", "url"}) until its page shows it.
NEW_LINK_KEY = "borderplan_new_link"


# -- Who may -------------------------------------------------------------------------------


def confirms_for_all(user: Any) -> bool:
    return delivery_policy().user_has_permission(user, "change")


def unit_scope(user: Any) -> frozenset[int] | None:
    """The units the user confirms for; None for every unit."""
    return None if confirms_for_all(user) else unit_ids_for(user)


def may_confirm(user: Any) -> bool:
    return user.is_authenticated and (confirms_for_all(user) or bool(unit_ids_for(user)))


class DeliveriesMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_confirm(request.user)


class DeliveriesAccessMixin:
    """Requires being a member of a unit or holding ``change_delivery``."""

    def dispatch(self, request, *args, **kwargs):
        if not may_confirm(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class BreadcrumbsMixin:
    parent: tuple[str, Any] | None = None

    def get_breadcrumbs_items(self):
        items = list(super().get_breadcrumbs_items())
        if self.parent:
            items.append({"url": reverse(self.parent[0]), "label": self.parent[1]})
        return [*items, {"url": "", "label": self.get_page_title()}]


# -- The items to confirm ----------------------------------------------------------------


STATE_LABELS = {
    DeliveryState.PLANNED: gettext_lazy("Waiting"),
    DeliveryState.MISSED: gettext_lazy("Overdue"),
    DeliveryState.ON_TIME: gettext_lazy("Confirmed on time"),
    DeliveryState.LATE: gettext_lazy("Confirmed late"),
    DeliveryState.CANCELLED: gettext_lazy("Will not be carried"),
}


@dataclass
class Row:
    entry: CalendarEntry
    channel: Channel
    unit: Unit
    day: date | None
    delivery: Delivery | None
    state: str

    @property
    def key(self) -> str:
        return f"{self.entry.pk}-{self.channel.pk}-{self.unit.pk}"

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def recorded(self) -> bool:
        """A person recorded it (a proposal of the collector still waits for one)."""
        return self.delivery is not None and self.delivery.status != DeliveryStatus.PROPOSED

    @property
    def proposed(self) -> bool:
        return self.delivery is not None and not self.recorded

    @property
    def delivered_label(self) -> str:
        return format_with_zone(self.delivery.delivered_at) if self.recorded else ""


def state_of(delivery: Delivery | None, entry: CalendarEntry, day: date | None, now) -> str:
    if delivery is not None and delivery.status != DeliveryStatus.PROPOSED:
        delivery.entry = entry  # its state reads the entry's day: no query
        return delivery.state
    if day is not None and now >= end_of_day(day):
        return DeliveryState.MISSED
    return DeliveryState.PLANNED


def period_q(first: date, last: date) -> Q:
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    return Q(planned_at__gte=start, planned_at__lt=end_of_day(last)) | Q(
        planned_at__isnull=True, due_date__gte=first, due_date__lte=last
    )


def delivery_rows(
    *,
    scope: frozenset[int] | None,
    first: date,
    last: date,
    unit_id: int | None = None,
    channel_id: int | None = None,
    unconfirmed_before: date | None = None,
    now: datetime | None = None,
) -> list[Row]:
    """Every (entry, channel, unit) of the period the scope may confirm, in day order:
    a fixed number of queries whatever the number of items.

    ``unconfirmed_before``: items of days before it are kept only while unconfirmed."""
    now = now or timezone.now()
    channels = Channel.objects.confirmed()
    if channel_id:
        channels = channels.filter(pk=channel_id)
    channel_ids = list(channels.values_list("pk", flat=True))
    through = CalendarEntry.channels.through
    entries = list(
        CalendarEntry.objects.filter(period_q(first, last))
        .exclude(editorial_status=EntryStatus.CANCELLED)
        .filter(
            Exists(
                through.objects.filter(calendarentry_id=OuterRef("pk"), channel_id__in=channel_ids)
            )
        )
        .only("pk", "title", "planned_at", "due_date", "unit_id", "editorial_status")
        .prefetch_related(
            Prefetch(
                "channels",
                queryset=Channel.objects.filter(pk__in=channel_ids).prefetch_related("carriers"),
            )
        )
    )
    candidates = []
    for entry in entries:
        for channel in entry.channels.all():
            for pk in expected_units(channel, entry):
                if (scope is None or pk in scope) and (not unit_id or pk == unit_id):
                    candidates.append((entry, channel, pk))
    if not candidates:
        return []
    units = Unit.objects.in_bulk({pk for _entry, _channel, pk in candidates})
    deliveries = {
        (d.entry_id, d.channel_id, d.unit_id): d
        for d in Delivery.objects.filter(
            entry_id__in=[entry.pk for entry in entries], channel_id__in=channel_ids
        )
    }
    rows = []
    for entry, channel, pk in candidates:
        day = entry_day(entry)
        delivery = deliveries.get((entry.pk, channel.pk, pk))
        state = state_of(delivery, entry, day, now)
        recorded = state not in (DeliveryState.PLANNED, DeliveryState.MISSED)
        if unconfirmed_before and recorded and day and day < unconfirmed_before:
            continue
        rows.append(Row(entry, channel, units[pk], day, delivery, state))
    rows.sort(key=lambda row: (row.day or date.max, row.entry.pk, row.channel.name, row.unit.name))
    return rows


def parse_keys(values: list[str]) -> list[tuple[int, int, int]] | None:
    """The ticked items as ``(entry, channel, unit)`` ids, without repeats; None when
    one is malformed or out of range."""
    keys = []
    for value in values:
        match = ITEM_KEY.match(value)
        if not match:
            return None
        key = tuple(int(part) for part in match.groups())
        if max(key) > MAX_PK:
            return None
        if key not in keys:
            keys.append(key)
    return keys


# -- The "deliveries to confirm" page ------------------------------------------------------


class ConfirmDeliveriesView(
    DeliveriesAccessMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "wagtail_borderplan/deliveries/admin/confirm.html"
    page_title = gettext_lazy("Deliveries to confirm")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = unit_scope(user)
        filters = DeliveryFilterForm(self.request.GET or None, unit_ids=scope)
        today = timezone.localdate()
        first, last, explicit = filters.period(today)
        monday = date.fromordinal(today.toordinal() - today.weekday())
        rows = delivery_rows(
            scope=scope,
            first=first,
            last=last,
            unit_id=filters.selected("unit"),
            channel_id=filters.selected("channel"),
            unconfirmed_before=None if explicit else monday,
        )
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            filter_form=filters,
            form=kwargs.get("form") or BulkConfirmForm(initial=initial_confirmation()),
            has_proposals=any(row.proposed for row in page.object_list),
            selected=kwargs.get("selected", set()),
            rows=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            query=query.urlencode(),
            first=first,
            last=last,
            explicit=explicit,
            zone_label=zone_label(),
            links_url=reverse("borderplan_deliveries:links"),
        )
        return context

    def post(self, request, *args, **kwargs):
        if "reject" in request.POST:
            return self.reject(request)
        form = BulkConfirmForm(request.POST)
        raw = request.POST.getlist("item")
        keys = parse_keys(raw[: MAX_ITEMS + 1])
        if keys is None or len(raw) > MAX_ITEMS:
            form.is_valid()
            form.add_error(None, _("Some of the items ticked are not valid; tick them again."))
        elif not keys:
            form.is_valid()
            form.add_error(None, _("Tick the items to confirm."))
        if not form.is_valid():
            selected = set(raw[:MAX_ITEMS])
            context = self.get_context_data(form=form, selected=selected)
            return self.render_to_response(context, status=400)
        confirmed, errors = confirm_items(
            keys, request.user, form.cleaned_data["delivered_at"], form.cleaned_data["note"]
        )
        report(request, confirmed, errors)
        return HttpResponseRedirect(request.get_full_path())

    def reject(self, request: HttpRequest) -> HttpResponse:
        """The "reject" button: the collector's proposals ticked are not deliveries."""
        raw = request.POST.getlist("item")
        keys = parse_keys(raw[: MAX_ITEMS + 1])
        if keys is None or len(raw) > MAX_ITEMS:
            messages.error(request, _("Some of the items ticked are not valid; tick them again."))
            return HttpResponseRedirect(request.get_full_path())
        if not keys:
            messages.error(request, _("Tick the collector's proposals to reject."))
            return HttpResponseRedirect(request.get_full_path())
        rejected, errors = reject_items(keys, request.user)
        if rejected:
            messages.success(
                request,
                ngettext("%(count)d proposal rejected.", "%(count)d proposals rejected.", rejected)
                % {"count": rejected},
            )
        report(request, 0, errors)
        return HttpResponseRedirect(request.get_full_path())


def reject_items(keys: list[tuple[int, int, int]], user: Any) -> tuple[int, list[str]]:
    """Reject each ticked proposal through its action (each in its own transaction);
    an item that is no proposal is left as it is. Returns the count and the errors."""
    keys, errors = within_scope(keys, user)
    proposals = {
        (delivery.entry_id, delivery.channel_id, delivery.unit_id): delivery
        for delivery in Delivery.objects.filter(
            status=DeliveryStatus.PROPOSED, entry_id__in={key[0] for key in keys}
        ).select_related("entry", "channel", "unit")
    }
    rejected = 0
    for key in keys:
        delivery = proposals.get(key)
        if delivery is None:
            errors.append(_("An item ticked is not a proposal of the collector: it was kept."))
            continue
        try:
            RejectProposalAction(delivery, user).execute()
        except ActionError as error:
            errors.append(f"{delivery.entry.title} · {delivery.unit.label}: {error}")
        else:
            rejected += 1
    return rejected, errors


def confirm_items(
    keys: list[tuple[int, int, int]], user: Any, delivered_at: datetime, note: str
) -> tuple[int, list[str]]:
    """Confirm each item through its action, each in its own transaction: one refused
    item leaves the others confirmed. Returns the count confirmed and the errors."""
    keys, errors = within_scope(keys, user)
    entries = CalendarEntry.objects.in_bulk({key[0] for key in keys})
    channels = Channel.objects.prefetch_related("carriers").in_bulk({key[1] for key in keys})
    units = Unit.objects.in_bulk({key[2] for key in keys})
    existing = set(
        Delivery.objects.recorded()
        .filter(entry_id__in=list(entries), unit_id__in=list(units))
        .values_list("entry_id", "channel_id", "unit_id")
    )
    confirmed = 0
    for key in keys:
        entry, channel, unit = entries.get(key[0]), channels.get(key[1]), units.get(key[2])
        if entry is None or channel is None or unit is None:
            errors.append(_("An item ticked no longer exists."))
            continue
        label = f"{entry.title} · {channel.label} · {unit.label}"
        if key in existing:
            errors.append(_("%(item)s: already confirmed.") % {"item": label})
            continue
        action = ConfirmDeliveryAction(
            entry, channel, unit, user, delivered_at=delivered_at, note=note
        )
        try:
            action.execute()
        except ActionError as error:
            errors.append(f"{label}: {error}")
        else:
            confirmed += 1
    return confirmed, errors


def within_scope(
    keys: list[tuple[int, int, int]], user: Any
) -> tuple[list[tuple[int, int, int]], list[str]]:
    """The keys of the user's own units, and the error for the others: another unit's
    items are refused before anything of them is read."""
    scope = unit_scope(user)
    if scope is None:
        return keys, []
    outside = len([key for key in keys if key[2] not in scope])
    errors = []
    if outside:
        errors.append(
            ngettext(
                "%(count)s item ticked is not your units': it was not changed.",
                "%(count)s items ticked are not your units': they were not changed.",
                outside,
            )
            % {"count": outside}
        )
    return [key for key in keys if key[2] in scope], errors


def report(request: HttpRequest, confirmed: int, errors: list[str]) -> None:
    if confirmed:
        messages.success(
            request,
            ngettext("%(count)d delivery confirmed.", "%(count)d deliveries confirmed.", confirmed)
            % {"count": confirmed},
        )
    for error in errors[:MAX_ERROR_MESSAGES]:
        messages.error(request, error)
    if len(errors) > MAX_ERROR_MESSAGES:
        rest = len(errors) - MAX_ERROR_MESSAGES
        messages.error(
            request,
            ngettext(
                "and %(count)d more item not confirmed.",
                "and %(count)d more items not confirmed.",
                rest,
            )
            % {"count": rest},
        )


# -- Confirmation links ----------------------------------------------------------------------


def get_unit(pk: int) -> Unit:
    unit = Unit.objects.filter(pk=pk).first() if pk <= MAX_PK else None
    if unit is None:
        raise Http404
    return unit


def carry_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("wagtail_borderplan_carry", kwargs={"token": token}))


class LinkUnitsView(
    DeliveriesAccessMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """The units whose links the user manages, with their active links counted."""

    template_name = "wagtail_borderplan/deliveries/admin/link_units.html"
    page_title = gettext_lazy("Confirmation links")
    header_icon = "link"
    parent = ("borderplan_deliveries:index", gettext_lazy("Deliveries to confirm"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = unit_scope(self.request.user)
        units = Unit.objects.order_by("name").annotate(
            active_links=Count("carrier_links", filter=Q(carrier_links__revoked_at__isnull=True))
        )
        context["units"] = units if scope is None else units.filter(pk__in=scope)
        return context


class UnitLinksView(
    DeliveriesAccessMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """A unit's links: listed for its members, made by ``change_delivery`` holders; a
    new link's address is shown once, right after it is made."""

    template_name = "wagtail_borderplan/deliveries/admin/unit_links.html"
    header_icon = "link"
    parent = ("borderplan_deliveries:links", gettext_lazy("Confirmation links"))

    def dispatch(self, request, *args, **kwargs):
        if not may_confirm(request.user):
            raise PermissionDenied
        self.unit = get_unit(kwargs["unit_pk"])
        scope = unit_scope(request.user)
        if scope is not None and self.unit.pk not in scope:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Confirmation links: %(unit)s") % {"unit": self.unit.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        links = CarrierLink.objects.filter(unit=self.unit).select_related("created_by")
        context.update(
            unit=self.unit,
            links=links,
            may_create=confirms_for_all(self.request.user),
            form=kwargs.get("form") or CarrierLinkForm(),
            zone_label=zone_label(),
        )
        return context

    def get(self, request, *args, **kwargs):
        new = pop_new_link(request, self.unit)
        if new is None:
            return super().get(request, *args, **kwargs)
        context = self.get_context_data()
        context.update(new)
        response = self.render_to_response(context)
        # The address is a secret shown once: keep it out of every cache.
        response["Cache-Control"] = "no-store"
        return response

    def post(self, request, *args, **kwargs):
        form = CarrierLinkForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        action = CreateCarrierLinkAction(self.unit, request.user, name=form.cleaned_data["name"])
        try:
            link, token = action.execute()
        except ActionPermissionError:
            raise
        except ActionError as error:
            form.add_error("name", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        # Post/Redirect/Get: a refresh then reloads the page instead of making another
        # link. The address waits in the session for that one GET.
        request.session[NEW_LINK_KEY] = {"pk": link.pk, "url": carry_url(request, token)}
        return HttpResponseRedirect(request.get_full_path(), status=303)


def pop_new_link(request: HttpRequest, unit: Unit) -> dict[str, Any] | None:
    """The link just made for ``unit`` and its address, taken out of the session (so
    shown once); None when there is none (another unit's stays for its own page)."""
    stored = request.session.get(NEW_LINK_KEY)
    if not isinstance(stored, dict):
        return None
    link = CarrierLink.objects.filter(pk=stored.get("pk"), unit=unit).first()
    if link is None:
        return None
    del request.session[NEW_LINK_KEY]
    if link.revoked_at is not None:  # revoked in between: its address no longer works
        return None
    return {"new_link": link, "new_url": stored.get("url", "")}


class RevokeLinkView(
    DeliveriesAccessMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Asks, then revokes (POST); members of the link's unit may too."""

    template_name = "wagtail_borderplan/deliveries/admin/revoke_link.html"
    page_title = gettext_lazy("Revoke a confirmation link")
    header_icon = "link"
    parent = ("borderplan_deliveries:links", gettext_lazy("Confirmation links"))

    def dispatch(self, request, *args, **kwargs):
        if not may_confirm(request.user):
            raise PermissionDenied
        pk = kwargs["pk"]
        link = CarrierLink.objects.filter(pk=pk).first() if pk <= MAX_PK else None
        if link is None:
            raise Http404
        self.link = link
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        RevokeCarrierLinkAction(self.link, request.user).check_permission()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["link"] = self.link
        context["back_url"] = reverse("borderplan_deliveries:unit_links", args=[self.link.unit_id])
        return context

    def post(self, request, *args, **kwargs) -> HttpResponse:
        try:
            RevokeCarrierLinkAction(self.link, request.user).execute()
        except ActionPermissionError:
            raise
        except ActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The link “%(name)s” was revoked; its address no longer works.")
                % {"name": self.link.name},
            )
        return HttpResponseRedirect(
            reverse("borderplan_deliveries:unit_links", args=[self.link.unit_id])
        )


urlpatterns: list[URLPattern] = [
    path("", ConfirmDeliveriesView.as_view(), name="index"),
    path("links/", LinkUnitsView.as_view(), name="links"),
    path("links/unit/<int:unit_pk>/", UnitLinksView.as_view(), name="unit_links"),
    path("links/<int:pk>/revoke/", RevokeLinkView.as_view(), name="revoke_link"),
]


def admin_urls() -> list[URLResolver]:
    """For ``register_admin_urls``."""
    return [
        path(
            "borderplan/deliveries/",
            include((urlpatterns, "borderplan_deliveries"), namespace="borderplan_deliveries"),
        )
    ]


def menu_item() -> MenuItem:
    """For ``register_admin_menu_item``: shown to members of a unit and to
    ``change_delivery`` holders."""
    return DeliveriesMenuItem(
        gettext_lazy("Deliveries to confirm"),  # lazy: Wagtail keeps the menu items
        reverse("borderplan_deliveries:index"),
        name="borderplan-deliveries",
        icon_name="tasks",
        order=260,
    )
