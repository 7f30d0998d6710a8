"""A project's own base page model (Wagtail 8's ``WAGTAIL_PAGE_MODEL``), for the suite's
custom-page leg: every page of the portal, ours included, then builds on it."""
