"""Vietnamese for the parts of Wagtail's admin that Wagtail itself leaves untranslated.

Install it (``"wagtail_borderplan.wagtail_vi"`` in INSTALLED_APPS) so that editors see a
fully Vietnamese admin. It holds no code or models, only a translation catalogue that
Django merges with Wagtail's: Wagtail's own translations keep precedence for the strings
it translates when this app is listed after the Wagtail apps.
"""
