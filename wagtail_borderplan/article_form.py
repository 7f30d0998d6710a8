"""The article page's admin form (the page model's ``base_form_class``, as Wagtail's
page models declare it): it depends on Wagtail and the tag fields only, never on our
models, so the models can name it without a cycle."""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.tags import TagField

from .tag_fields import TopicsField, VocabularyField


class BorderArticleForm(WagtailAdminPageForm):
    """Sections and treaties as checkboxes, topics one per line (see ``tag_fields``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            if not isinstance(field, TagField):
                continue
            field_class = TopicsField if field.free_tagging else VocabularyField
            self.fields[name] = field_class(
                tag_model=field.tag_model,
                required=field.required,
                label=field.label,
                help_text=field.help_text,
            )
