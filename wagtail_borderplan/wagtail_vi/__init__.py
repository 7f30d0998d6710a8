"""Vietnamese for the parts of Wagtail's admin that Wagtail itself leaves untranslated.

Install it (``"wagtail_borderplan.wagtail_vi"`` in INSTALLED_APPS) so that editors see a
fully Vietnamese admin. It has no models. It holds a translation catalogue that Django
merges with Wagtail's (Wagtail's own translations keep precedence for the strings it
translates when this app is listed after the Wagtail apps); a catalogue for Wagtail's
admin JavaScript, merged into Wagtail's by an admin hook (``wagtail_hooks``); labels for
the few places where Wagtail prints a field's name instead of a translatable text
(``labels``); and a data migration that renames the page tree's root from "Root".
"""
