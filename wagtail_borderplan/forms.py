"""Admin forms: a page form that refuses unknown tags in controlled vocabularies.

Wagtail's ``TagField`` silently drops names that are not in a controlled vocabulary;
an editor who typed a treaty that does not exist would lose it without a word. Here
the form says which names are unknown and keeps what the editor typed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.forms import TagField as TaggitTagField
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.forms.tags import TagField, validate_tag_length


class ControlledTagField(TagField):
    """A tag field that accepts only existing tags and names the others."""

    def clean(self, value: Any) -> list[str]:
        names = TaggitTagField.clean(self, value)
        validate_tag_length(names, self.tag_model.name.field.max_length)
        existing = set(self.tag_model.objects.filter(name__in=names).values_list("name", flat=True))
        unknown = [name for name in names if name not in existing]
        if unknown:
            raise ValidationError(
                ngettext(
                    "%(names)s is not in the list of %(vocabulary)s; choose an existing one "
                    "or ask a manager to add it.",
                    "%(names)s are not in the list of %(vocabulary)s; choose existing ones "
                    "or ask a manager to add them.",
                    len(unknown),
                )
                % {
                    "names": ", ".join(f"“{name}”" for name in unknown),
                    "vocabulary": self.tag_model._meta.verbose_name_plural,
                },
                code="unknown_tag",
            )
        return names


class BorderArticleForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            if isinstance(field, TagField) and not field.free_tagging:
                self.fields[name] = ControlledTagField(
                    tag_model=field.tag_model,
                    free_tagging=False,
                    required=field.required,
                    label=field.label,
                    help_text=field.help_text,
                    widget=field.widget,
                )


class CalendarEntryForm(WagtailAdminModelForm):
    """Without the global change permission, a member plans for their own units only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import Unit
        from .permissions import entry_policy

        user = self.for_user
        if user is not None and not entry_policy().user_has_global_permission(user, "change"):
            field = self.fields["unit"]
            field.queryset = Unit.objects.for_user(user)
            field.required = True

    def clean(self):
        cleaned = super().clean()
        # An article on its way to the portals follows the entry's channels (as Wagtail
        # aliases): refuse, before saving anything, portals the user may not add to.
        page = self.instance.page if self.instance.page_id else None
        channels = cleaned.get("channels")
        if page is None or channels is None or self.for_user is None:
            return cleaned
        home = page.get_parent()
        for channel in channels:
            index = channel.index_page
            if not channel.is_publishable or index.pk == home.pk:
                continue
            if not index.permissions_for_user(self.for_user).can_add_subpage():
                self.add_error(
                    "channels",
                    _("You may not add the article to “%(portal)s”.") % {"portal": channel},
                )
        return cleaned


class FeedSourceForm(WagtailAdminModelForm):
    """A source creates pages: only under an index the editor may add pages to."""

    def clean(self):
        cleaned = super().clean()
        index = cleaned.get("index_page")
        if (
            index is not None
            and self.for_user is not None
            and not index.permissions_for_user(self.for_user).can_add_subpage()
        ):
            self.add_error("index_page", _("You may not add pages under this index."))
        return cleaned
