"""Snippet choosers that follow the listings' permission policy.

Wagtail's snippet choosers (list, results, chosen) only require admin access, so they
would show the names of plans, units, sources and so on to anyone who may log in.
Here a chooser answers whoever may see the model's listing (any of add, change,
delete or view in the model's policy), and whoever may add or change a model whose
admin form chooses it: the member who plans an entry chooses its plan, content line
and unit without any right on the plan's data itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from .permissions import policy_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.db.models import Model

LISTING_ACTIONS = ["add", "change", "delete", "view"]


def choosing_models(model: type[Model]) -> list[type[Model]]:
    """The snippet models whose admin forms choose ``model`` (an editable foreign key)."""
    return [
        relation.related_model
        for relation in model._meta.related_objects
        if isinstance(relation.field, ForeignKey)
        and relation.field.editable
        and relation.related_model is not model
        and getattr(relation.related_model, "snippet_viewset", None) is not None
    ]


def may_choose(user: AbstractBaseUser, model: type[Model]) -> bool:
    if policy_for(model).user_has_any_permission(user, LISTING_ACTIONS):
        return True
    return any(
        policy_for(other).user_has_any_permission(user, ["add", "change"])
        for other in choosing_models(model)
    )


class PolicyCheckMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_choose(request.user, self.model_class):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PolicyChooseView(PolicyCheckMixin, ChooseView):
    pass


class PolicyChooseResultsView(PolicyCheckMixin, ChooseResultsView):
    pass


class PolicyChosenView(PolicyCheckMixin, SnippetChosenView):
    pass


class PolicyChosenMultipleView(PolicyCheckMixin, SnippetChosenMultipleView):
    pass


class PolicyChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser whose every view checks :func:`may_choose` (creating from
    the chooser already asks the policy for "add")."""

    choose_view_class = PolicyChooseView
    choose_results_view_class = PolicyChooseResultsView
    chosen_view_class = PolicyChosenView
    chosen_multiple_view_class = PolicyChosenMultipleView
