"""System checks that explain a misconfigured install before it fails at run time."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .apps import missing_required_apps
from .conf import DEFAULTS, SETTINGS_NAME, VALIDATORS, get_setting


def check_required_apps(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    return [
        Error(
            f"'{name}' must be in INSTALLED_APPS for wagtail_borderplan to work.",
            hint=f"Add '{name}' to INSTALLED_APPS (see the installation tutorial).",
            id="wagtail_borderplan.E003",
        )
        for name in missing_required_apps()
    ]


def check_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    value = getattr(settings, SETTINGS_NAME, {})
    if not isinstance(value, dict):
        return [
            Error(
                f"{SETTINGS_NAME} must be a dict, not {type(value).__name__}.",
                id="wagtail_borderplan.E002",
            )
        ]
    errors = [
        Error(
            f"{SETTINGS_NAME} has an unknown key {key!r}.",
            hint="Known keys: " + ", ".join(sorted(DEFAULTS)),
            id="wagtail_borderplan.E001",
        )
        for key in sorted(set(value) - set(DEFAULTS))
    ]
    for key in sorted(set(value) & set(DEFAULTS)):
        is_valid, expected = VALIDATORS[key]
        if not is_valid(value[key]):
            errors.append(
                Error(
                    f"{SETTINGS_NAME}[{key!r}] is {value[key]!r}; expected {expected}.",
                    id="wagtail_borderplan.E002",
                )
            )
    return errors


def check_article_model(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if missing_required_apps():
        return []
    from .models.pages import BorderArticleMixin

    label = get_setting("ARTICLE_MODEL")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError, TypeError):
        return [
            Error(
                f"{SETTINGS_NAME}['ARTICLE_MODEL'] refers to {label!r}, "
                "which is not an installed model.",
                id="wagtail_borderplan.E004",
            )
        ]
    if not issubclass(model, BorderArticleMixin):
        return [
            Error(
                f"{SETTINGS_NAME}['ARTICLE_MODEL'] refers to {label!r}, "
                "which does not inherit from BorderArticleMixin.",
                hint="Build the portal's article page from "
                "wagtail_borderplan.models.BorderArticleMixin and a Page class.",
                id="wagtail_borderplan.E004",
            )
        ]
    return []


def check_urls(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("wagtail_borderplan_ics", args=["token"])
    except NoReverseMatch:
        return [
            Warning(
                "wagtail_borderplan's URLs are not included: calendar feeds (ICS) "
                "cannot be subscribed to.",
                hint='Add path("borderplan/", include("wagtail_borderplan.urls")) to the '
                "project's urls.py, before Wagtail's own catch-all pattern.",
                id="wagtail_borderplan.W004",
            )
        ]
    return []


def check_time_and_language(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    warnings = []
    if not settings.USE_TZ:
        warnings.append(
            Warning(
                "USE_TZ is False: times cannot be converted to the plan's time zone "
                f"({get_setting('TIME_ZONE')}).",
                hint="Set USE_TZ = True.",
                id="wagtail_borderplan.W001",
            )
        )
    languages = {code.split("-")[0] for code, _name in settings.LANGUAGES}
    wagtail_languages = getattr(settings, "WAGTAILADMIN_PERMITTED_LANGUAGES", None)
    if "vi" not in languages or (
        wagtail_languages is not None
        and "vi" not in {code.split("-")[0] for code, _name in wagtail_languages}
    ):
        warnings.append(
            Warning(
                "Vietnamese ('vi') is not among the permitted languages, so editors "
                "cannot use the admin in Vietnamese.",
                hint="Add ('vi', 'Tiếng Việt') to LANGUAGES and "
                "WAGTAILADMIN_PERMITTED_LANGUAGES, or leave them unset.",
                id="wagtail_borderplan.W002",
            )
        )
    if "vi" in languages and not apps.is_installed("wagtail_borderplan.wagtail_vi"):
        warnings.append(
            Warning(
                "Wagtail's own Vietnamese translation leaves much of the admin in English.",
                hint="Add 'wagtail_borderplan.wagtail_vi' to INSTALLED_APPS for a fully "
                "Vietnamese admin.",
                id="wagtail_borderplan.W003",
            )
        )
    return warnings


def publish_scheduled_owner() -> str | None:
    """The app whose ``publish_scheduled`` Django runs: the first installed app that has
    one (Django lets apps listed earlier override the commands of later ones)."""
    from pathlib import Path

    from django.core.management import find_commands

    for config in apps.get_app_configs():
        if "publish_scheduled" in find_commands(str(Path(config.path) / "management")):
            return config.name
    return None


def check_publish_scheduled(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if publish_scheduled_owner() != "wagtail":
        return []
    return [
        Warning(
            "'wagtail' is listed before 'wagtail_borderplan' in INSTALLED_APPS, so "
            "'manage.py publish_scheduled' runs Wagtail's own command, which publishes a "
            "due page again when it runs beside borderplan_publish or another copy of "
            "itself.",
            hint="Move 'wagtail_borderplan' above 'wagtail' in INSTALLED_APPS; its "
            "publish_scheduled then runs the row-locked runner of borderplan_publish.",
            id="wagtail_borderplan.W005",
        )
    ]


CHECKS = [
    (check_required_apps, Tags.compatibility),
    (check_settings, Tags.compatibility),
    (check_article_model, Tags.models),
    (check_urls, Tags.urls),
    (check_time_and_language, Tags.compatibility),
    (check_publish_scheduled, Tags.compatibility),
]


def register_checks() -> None:
    """Register the system checks (from ``AppConfig.ready()``)."""
    for check, tag in CHECKS:
        register(check, tag)
