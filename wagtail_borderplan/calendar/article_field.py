"""The article an entry links to: only an article page the user may edit.

The reports count an entry's article as the entry's publication, so linking someone
else's page (a draft of the other portal, an article of another unit) would claim
work that is not the unit's. The form refuses such a page with a clear message; the
page chooser offers only what the form accepts (Wagtail's own ``user_perms`` knows
nothing of "may edit", hence the ``construct_page_chooser_queryset`` hook below).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.admin.widgets import AdminPageChooser
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..listing import article_model

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.db.models import QuerySet
    from django.http import HttpRequest
    from wagtail.models import Page

# The chooser's ``user_perms`` value that asks for pages the user may edit.
EDITABLE = "borderplan_edit"


def article_chooser() -> AdminPageChooser:
    return AdminPageChooser(target_models=[article_model()], user_perms=EDITABLE)


def check_article(page: Page | None, user: AbstractBaseUser, current_id: int | None) -> None:
    """Raise ValidationError unless the user may link ``page`` to an entry; the page
    already linked stays linked whoever edits the entry."""
    if page is None or page.pk == current_id:
        return
    if not isinstance(page.specific, article_model()):
        raise ValidationError(
            _("“%(page)s” is not an article: choose an article page.") % {"page": page.title},
            code="not_an_article",
        )
    if not page.permissions_for_user(user).can_edit():
        raise ValidationError(
            _("You may not edit “%(page)s”: choose an article you may edit.")
            % {"page": page.title},
            code="not_editable",
        )


def _editable(user: AbstractBaseUser) -> tuple[Q, list[Page]] | None:
    """Pages the user may edit (as Wagtail's page permissions grant them), and the
    pages the grants are on; None for everything (a superuser)."""
    if not user.is_active:
        return Q(pk__in=[]), []
    if user.is_superuser:
        return None
    policy = PagePermissionPolicy()
    actions = {get_permission_codename(a, policy.model._meta): a for a in ("add", "change")}
    editable = Q(pk__in=[])
    roots = []
    for grant in policy.get_cached_permissions_for_user(user):
        action = actions.get(grant.permission.codename)
        if action == "change":
            editable |= Q(path__startswith=grant.page.path)
        elif action == "add":  # their own pages under it
            editable |= Q(path__startswith=grant.page.path, owner=user)
        else:
            continue
        roots.append(grant.page)
    return editable, roots


def only_editable_articles(pages: QuerySet, request: HttpRequest) -> QuerySet:
    if request.GET.get("user_perms") != EDITABLE:
        return pages
    found = _editable(request.user)
    if found is None:
        return pages
    editable, roots = found
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "wagtailadmin_choose_page_search":
        # Search lists matches only, all choosable: the editable ones.
        return pages.filter(editable)
    # Browsing also needs the way down: the ancestors of every grant, and, under an
    # "add" grant, pages with children (the user's own pages may be among them).
    step = pages.model.steplen
    ancestors = {root.path[:end] for root in roots for end in range(step, len(root.path), step)}
    way_down = Q(path__in=ancestors)
    for root in roots:
        way_down |= Q(path__startswith=root.path, numchild__gt=0)
    return pages.filter(editable | way_down)
