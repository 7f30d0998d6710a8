"""System checks explain a misconfigured install, and settings have documented defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks

from wagtail_borderplan.conf import DEFAULTS, get_setting

ROOT = Path(__file__).resolve().parents[2]


def ids(tag=None):
    return sorted(
        m.id
        for m in checks.run_checks(tags=[tag] if tag else None)
        if m.id and m.id.startswith("wagtail_borderplan")
    )


def test_default_install_has_no_messages():
    assert ids() == []


def test_defaults_are_used_and_overridden(settings):
    settings.WAGTAIL_BORDERPLAN = {"INDEX_PAGE_SIZE": 5}
    assert get_setting("INDEX_PAGE_SIZE") == 5
    assert get_setting("FEED_ITEMS") == DEFAULTS["FEED_ITEMS"]
    with pytest.raises(KeyError):
        get_setting("NO_SUCH_SETTING")


def test_unknown_key_is_an_error(settings):
    settings.WAGTAIL_BORDERPLAN = {"INDEX_PAGESIZE": 5}
    messages = [m for m in checks.run_checks() if m.id == "wagtail_borderplan.E001"]
    assert len(messages) == 1
    assert "INDEX_PAGESIZE" in messages[0].msg
    assert "INDEX_PAGE_SIZE" in messages[0].hint


@pytest.mark.parametrize(
    "value",
    [
        {"INDEX_PAGE_SIZE": 0},
        {"INDEX_PAGE_SIZE": "12"},
        {"FEED_ITEMS": True},
        {"TIME_ZONE": "Mars/Olympus"},
        {"ARTICLE_MODEL": "BorderArticlePage"},
        ["not", "a", "dict"],
    ],
)
def test_invalid_values_are_errors(settings, value):
    settings.WAGTAIL_BORDERPLAN = value
    assert "wagtail_borderplan.E002" in ids()


@pytest.mark.parametrize("label", ["nope.Nothing", "home.HomePage"])
def test_article_model_must_exist_and_use_the_mixin(settings, label):
    settings.WAGTAIL_BORDERPLAN = {"ARTICLE_MODEL": label}
    assert ids() == ["wagtail_borderplan.E004"]


def test_use_tz_false_warns(settings):
    settings.USE_TZ = False
    assert "wagtail_borderplan.W001" in ids()


def test_vietnamese_missing_from_languages_warns(settings):
    settings.LANGUAGES = [("en", "English")]
    settings.WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English")]
    assert "wagtail_borderplan.W002" in ids()


def run_check(settings_module: str) -> subprocess.CompletedProcess:
    """``manage.py check`` in a fresh process: INSTALLED_APPS cannot change in this one."""
    return subprocess.run(
        [sys.executable, "-m", "django", "check"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_wagtail_vi_app_is_a_warning():
    result = run_check("tests.settings_without_wagtail_vi")
    assert result.returncode == 0
    assert "wagtail_borderplan.W003" in result.stderr + result.stdout


def test_missing_app_is_explained_not_a_traceback():
    result = run_check("tests.settings_missing_app")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "wagtail_borderplan.E003" in result.stderr
    assert "'wagtail.contrib.routable_page' must be in INSTALLED_APPS" in result.stderr
    assert "'wagtail.snippets' must be in INSTALLED_APPS" in result.stderr


def test_missing_urls_warn(settings):
    settings.ROOT_URLCONF = "tests.urls_without_borderplan"
    assert "wagtail_borderplan.W004" in ids()
