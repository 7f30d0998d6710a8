"""Admin hooks for the reports (imported by ``wagtail_hooks`` once models load)."""
