"""Plan, tag and publish border-communication articles in a Wagtail portal."""

__version__ = "0.1.0"
