"""Deleting a unit or a channel never erases the delivery records that name it.

Delivery records and bulletin issues keep their unit and channel (``on_delete=PROTECT``):
they are the evidence of work done. Delivery is not a snippet, so Wagtail's reference
index does not know of it, and the snippets' delete views would meet a ``ProtectedError``
(a 500). Wagtail runs ``before_delete_snippet`` when the single delete view and the bulk
delete open and when they are confirmed; here it refuses first, saying why.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request

from ..models import BulletinIssue, Channel, Delivery, Unit

# A bulk delete of many kept objects names the first few only.
MAX_NAMED = 5


def keepers(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(model, foreign key) of the rows that keep an object of ``model`` from deletion."""
    if model is Unit:
        return [(Delivery, "unit")]
    if model is Channel:
        return [(Delivery, "channel"), (BulletinIssue, "channel")]
    return []


def count_by(model: type[models.Model], field: str, pks: list) -> dict:
    """How many rows of ``model`` name each of ``pks`` through ``field``: one query."""
    rows = (
        model.objects.filter(**{f"{field}__in": pks})
        .order_by()  # a Meta ordering would join the GROUP BY
        .values_list(field)
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def uses_of(instances: Sequence[models.Model]) -> dict:
    """Per kept instance's pk, how many delivery records and bulletin issues name it:
    one query per kind of row, whatever the number of instances."""
    if not instances:
        return {}
    pks = [instance.pk for instance in instances]
    found: dict = {}
    for model, field in keepers(type(instances[0])):
        for pk, count in count_by(model, field, pks).items():
            found.setdefault(pk, {})[model] = count
    return found


def describe_uses(counts: dict) -> tuple[str, int]:
    """The text of "37 delivery records and 2 bulletin issues", and their total."""
    parts = []
    if records := counts.get(Delivery):
        parts.append(
            ngettext("%(count)d delivery record", "%(count)d delivery records", records)
            % {"count": records}
        )
    if issues := counts.get(BulletinIssue):
        parts.append(
            ngettext("%(count)d bulletin issue", "%(count)d bulletin issues", issues)
            % {"count": issues}
        )
    if len(parts) == 2:
        parts = [_("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}]
    return parts[0], sum(counts.values())


def refusal(instance: models.Model, counts: dict) -> str:
    uses, total = describe_uses(counts)
    return ngettext(
        "“%(object)s” cannot be deleted: %(uses)s names it.",
        "“%(object)s” cannot be deleted: %(uses)s name it.",
        total,
    ) % {"object": instance, "uses": uses}


def refusal_message(kept: list[tuple[models.Model, dict]], model: type[models.Model]) -> str:
    """Why: the kept objects (the first few), what the records are, what to do instead."""
    lines = [refusal(instance, counts) for instance, counts in kept[:MAX_NAMED]]
    if len(kept) > MAX_NAMED:
        more = len(kept) - MAX_NAMED
        lines.append(ngettext("And %(count)d more.", "And %(count)d more.", more) % {"count": more})
    lines.append(
        _(
            "They are the evidence of work done: they are kept, and so is what they name, "
            "so that they keep saying who delivered what and where."
        )
    )
    if model is Channel:
        active = capfirst(Channel._meta.get_field("active").verbose_name)
        lines.append(
            _("To stop planning on a channel, untick “%(field)s” on it instead.")
            % {"field": active}
        )
    return " ".join(lines)


def back_url(request: HttpRequest, instances: Sequence[models.Model]) -> str:
    """The edit view after a single delete; the listing (or where it came from) after
    a bulk delete."""
    viewset = instances[0].snippet_viewset
    if request.resolver_match and request.resolver_match.url_name == "delete":
        return reverse(viewset.get_url_name("edit"), args=[instances[0].pk])
    return get_valid_next_url_from_request(request) or reverse(viewset.get_url_name("list"))


def keep_delivery_records(
    request: HttpRequest, instances: Sequence[models.Model]
) -> HttpResponse | None:
    """``before_delete_snippet``: refuses, with a message, to delete a unit or a channel
    that delivery records or bulletin issues name; nothing of a bulk delete is deleted
    then. None lets Wagtail go on."""
    instances = list(instances)
    uses = uses_of(instances)
    if not uses:
        return None
    kept = [(instance, uses[instance.pk]) for instance in instances if instance.pk in uses]
    message = refusal_message(kept, type(instances[0]))
    if len(instances) > len(kept):
        message += " " + _("Nothing was deleted: unselect these to delete the others.")
    messages.error(request, message)
    return HttpResponseRedirect(back_url(request, instances))
