"""Moving an entry in the calendar: by drag and drop (JSON) or with a plain form."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages

from ..actions.base import ActionError, ActionPermissionError, ActionStateError
from ..actions.moves import MoveEntryAction
from ..models import CalendarEntry, EntryStatus
from ..times import format_with_zone, validate_day, zone_label
from .access import EntryChangeMixin, wants_json
from .cards import CardMaker, EntryCard, add_editions
from .preferences import remembered_filters


class MoveForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("New date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_day],
    )
    reschedule = forms.BooleanField(
        label=gettext_lazy("Also move the article's schedule"),
        required=False,
        help_text=gettext_lazy("Needed when the article is already scheduled."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].help_text = _(
            "The entry keeps its time of day, in %(zone)s. Leave empty to take the entry "
            "off the calendar."
        ) % {"zone": zone_label()}


class MoveEntryView(EntryChangeMixin, View):
    """Plan an entry on a day (keeping its time), move it, or unplan it.

    Answers JSON to the calendar's script and redirects a plain form; refuses, with a
    message, to move a published entry or one whose article is already scheduled.
    """

    template_name = "wagtail_borderplan/calendar/move.html"

    def change_denied(self) -> HttpResponse:
        return self.refuse(_("You may not change this entry."), status=403)

    def get(self, request, *args, **kwargs):
        return self.render(
            MoveForm(
                initial={
                    "date": timezone.localtime(self.entry.planned_at).date()
                    if self.entry.planned_at
                    else None
                }
            )
        )

    def render(self, form, status=200):
        return TemplateResponse(
            request=self.request,
            template=self.template_name,
            context={
                "entry": self.entry,
                "form": form,
                "card": CardMaker(self.request.user)(self.entry),
                "planned_label": format_with_zone(self.entry.planned_at),
            },
            status=status,
        )

    def refuse(
        self, message: str, status: int = 409, link: str | None = None, confirm: str = ""
    ) -> HttpResponse:
        if wants_json(self.request):
            return JsonResponse(
                {"ok": False, "error": message, "link": link, "confirm": confirm}, status=status
            )
        if status == 403:
            raise PermissionDenied
        buttons = [messages.button(link, _("Open the article"))] if link else None
        messages.error(self.request, message, buttons=buttons)
        return redirect(reverse("borderplan_calendar:move", args=[self.entry.pk]))

    def post(self, request, *args, **kwargs):
        entry = self.entry
        form = MoveForm(request.POST)
        if not form.is_valid():
            if wants_json(request):
                # Say why (a day outside the accepted years, a malformed date).
                error = form.errors.get("date", [_("Enter a valid date.")])[0]
                return JsonResponse({"ok": False, "error": error}, status=400)
            return self.render(form, status=400)
        action = MoveEntryAction(
            entry,
            request.user,
            day=form.cleaned_data["date"],
            reschedule=form.cleaned_data["reschedule"],
        )
        try:
            moved_schedule = entry.status == EntryStatus.SCHEDULED
            action.execute()
        except ActionPermissionError as error:
            return self.refuse(str(error), status=403 if wants_json(request) else 409)
        except ActionStateError as error:
            return self.refuse(str(error), link=error.link, confirm=error.confirm)
        except ActionError as error:
            return self.refuse(str(error))
        if moved_schedule:  # the planned time now follows the new schedule
            self.entry = CalendarEntry.objects.for_admin().get(pk=entry.pk)
        return self.moved()

    def card(self) -> EntryCard:
        """The moved entry's card as the calendar draws it, deliveries and editions too."""
        maker = CardMaker(self.request.user)
        loaded = CalendarEntry.objects.for_cards().filter(pk=self.entry.pk).with_channel_lists()
        card = maker(loaded[0] if loaded else self.entry)
        maker.add_deliveries([card])
        add_editions([card])
        return card

    def moved(self) -> HttpResponse:
        request, entry = self.request, self.entry
        card = self.card()
        if entry.planned_at:
            done = _("“%(title)s” was moved to %(time)s.") % {
                "title": entry.title,
                "time": format_with_zone(entry.planned_at),
            }
        else:
            done = _("“%(title)s” was taken off the calendar.") % {"title": entry.title}
        if wants_json(request):
            return JsonResponse({"ok": True, "entry": card.as_json(), "message": done})
        messages.success(request, done)
        target = card.local.date().isoformat() if card.local else timezone.localdate().isoformat()
        query = {**remembered_filters(request.user), "date": target}
        return redirect(reverse("borderplan_calendar:index") + "?" + urlencode(query))
