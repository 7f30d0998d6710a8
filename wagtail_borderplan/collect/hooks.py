"""Admin hooks for collecting news (imported by ``wagtail_hooks`` once models load)."""
