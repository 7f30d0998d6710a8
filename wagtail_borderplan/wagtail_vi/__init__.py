"""Vietnamese for the parts of Wagtail's admin that Wagtail itself leaves untranslated.

Install it (``"wagtail_borderplan.wagtail_vi"`` in INSTALLED_APPS) so that editors see a
fully Vietnamese admin; list it before the Wagtail apps, so that its catalogue and its
template take precedence. It has no models. It holds a translation catalogue that Django
merges with Wagtail's; a catalogue for Wagtail's admin JavaScript, merged into Wagtail's
by an admin hook (``wagtail_hooks``); labels for the few places where Wagtail prints a
field's name instead of a translatable text (``labels``); and a template that shows no
name instead of "None" where no user is known.
"""
