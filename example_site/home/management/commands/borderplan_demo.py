"""Load the seed plan's demo data: two portals, sections, treaties, topics, articles,
and the plan as data (content lines, units, channels, calendar entries), with the radio
stations' confirmations of the 2021 plan, two published issues of the bulletin, and one
station's secret link (printed).

Idempotent: everything is looked up by a natural key (hostname, slug, username) and
created only when missing, so a second run changes nothing.
"""

import base64
import hashlib
import hmac
import os
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission, Locale, Site

from example_site import demo_address
from example_site.home import demo_data as data
from example_site.home.models import HomePage
from wagtail_borderplan.actions.articles import (
    CollectArticleAction,
    CreateEntryArticleAction,
    Draft,
)
from wagtail_borderplan.actions.bulletins import PublishBulletinAction
from wagtail_borderplan.actions.scheduling import ScheduleArticleAction
from wagtail_borderplan.collect.items import plain_text
from wagtail_borderplan.collect.sanitize import sanitize_html
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import (
    BorderArticlePage,
    BorderIndexPage,
    BulletinIssue,
    CalendarEntry,
    CarrierLink,
    Channel,
    ChannelKind,
    CollectedItem,
    ContentLine,
    Delivery,
    DeliveryStatus,
    EntryStatus,
    FeedSource,
    Plan,
    PlannedEdition,
    Section,
    Treaty,
    Unit,
    UnitKind,
)
from wagtail_borderplan.models.deliveries import entry_day
from wagtail_borderplan.models.feeds import hash_token
from wagtail_borderplan.models.taxonomy import vietnamese_slugify

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# The radio relays the stations carry.
RELAY_KINDS = ("district_radio", "commune_radio")


class Command(BaseCommand):
    help = "Load the demo data of the seed plan (safe to run more than once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=os.environ.get("BORDERPLAN_DEMO_HOST"),
            help="The address the demo is served on: the default portal's Site takes it "
            "(a wildcard such as 0.0.0.0 gives localhost). Default: localhost.",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=demo_address.served_port(),
            help="The port the demo is served on, for both portals' Sites (default 8000).",
        )

    @transaction.atomic
    def handle(self, *args, host=None, port=demo_address.DEFAULT_PORT, **options):
        self.created = 0
        self.carrier_address = None
        self.name_the_root()
        sections = self.load_sections()
        treaties = self.load_treaties(sections)
        topics = self.load_topics()
        indexes = [
            self.load_portal(portal, self.portal_hostname(portal, host), port)
            for portal in data.PORTALS
        ]
        self.load_articles(indexes, sections, treaties, topics)
        admin = self.load_superuser()
        self.load_planning(
            dict(zip([p["slug"] for p in data.PORTALS], indexes, strict=False)), admin
        )
        # After the plan, whose 2021 entries are made from the Vietnamese articles.
        self.load_editions(indexes[0], sections, treaties)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({self.created} objects created)."))
        if self.carrier_address:
            self.stdout.write(
                f"{data.LINKED_STATION} confirms its broadcasts at: {self.carrier_address}"
            )

    def get_or_create(self, model, lookup, defaults):
        """``model`` is a model or a queryset (the default locale's sections, say)."""
        manager = getattr(model, "objects", model)
        obj, created = manager.get_or_create(**lookup, defaults=defaults)
        self.created += created
        return obj

    def load_sections(self):
        sections = {}
        for order, row in enumerate(data.SECTIONS):
            fields = {k: v for k, v in row.items() if k != "slug"}
            sections[row["slug"]] = self.get_or_create(
                Section.objects.canonical(), {"slug": row["slug"]}, {**fields, "sort_order": order}
            )
        return sections

    def load_treaties(self, sections):
        treaties = {}
        for order, (slug, name, title, kind, section, signed, effective) in enumerate(
            data.TREATIES
        ):
            treaty = self.get_or_create(
                Treaty.objects.canonical(),
                {"slug": slug},
                {
                    "name": name,
                    "full_title": title,
                    "kind": kind,
                    "signed_on": signed,
                    "effective_on": effective,
                    "sort_order": order,
                },
            )
            if not treaty.sections.exists():
                treaty.sections.add(sections[section])
            treaties[slug] = (treaty, sections[section])
        return treaties

    def load_topics(self):
        return [
            self.get_or_create(Tag, {"name": name}, {"slug": vietnamese_slugify(name)})
            for name in data.TOPICS
        ]

    def portal_hostname(self, portal, host):
        """The default portal answers on the address served; the other keeps its name
        (so.localhost, which resolves to the loopback)."""
        if host and portal is data.PROVINCIAL_PORTAL:
            return demo_address.public_host(host)
        return portal["hostname"]

    def load_portal(self, portal, hostname, port):
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(slug=portal["slug"]).first()
        if home is None:
            home = root.add_child(
                instance=HomePage(
                    title=portal["site_name"], slug=portal["slug"], intro=portal["intro"]
                )
            )
            self.created += 1
        site = Site.objects.filter(root_page=home).first()
        if site is not None and (site.hostname, site.port) != (hostname, port):
            # Served elsewhere than last time: links must follow the server.
            Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).delete()
            site.hostname, site.port = hostname, port
            site.save(update_fields=["hostname", "port"])
        if site is None:
            is_default = portal is data.PROVINCIAL_PORTAL
            if is_default:
                self.remove_welcome_site()
                Site.objects.filter(is_default_site=True).update(is_default_site=False)
            Site.objects.create(
                hostname=hostname,
                port=port,
                root_page=home,
                site_name=portal["site_name"],
                is_default_site=is_default,
            )
            self.created += 1
        index = BorderIndexPage.objects.child_of(home).filter(slug=data.INDEX_SLUG).first()
        if index is None:
            index = home.add_child(
                instance=BorderIndexPage(
                    title=data.INDEX_TITLE, slug=data.INDEX_SLUG, intro=data.INDEX_INTRO
                )
            )
            self.created += 1
        return index

    def remove_welcome_site(self):
        """Drop the site and "Welcome" page a fresh Wagtail install creates, if untouched."""
        for site in Site.objects.filter(is_default_site=True).select_related("root_page"):
            welcome = site.root_page
            if welcome.specific_class is Page and welcome.is_leaf():
                site.delete()
                welcome.delete()

    def article_specs(self, treaties, sections, topics):
        """(title, kind, intro, section, treaty or None, topic) for every demo article."""
        for kind, title, topic, intro in data.ARTICLE_PATTERNS:
            for treaty, section in treaties.values():
                names = {"full_title": treaty.full_title, "short": treaty.name}
                yield (
                    title.format(**names),
                    kind,
                    intro.format(**names),
                    section,
                    treaty,
                    topics[topic],
                )
        for kind, title, topic, section_slug in data.EXTRA_ARTICLES:
            section = sections[section_slug]
            text = title.format(section=section.name)
            yield text, kind, text + ".", section, None, topics[topic]

    def load_articles(self, indexes, sections, treaties, topics):
        # Spread over the plan's year, one article every few days, alternating portals.
        start = datetime(2021, 3, 1, 8, 30, tzinfo=ZONE)
        for number, (title, kind, intro, section, treaty, topic) in enumerate(
            self.article_specs(treaties, sections, topics)
        ):
            index = indexes[number % len(indexes)]
            slug = vietnamese_slugify(title)[:80]
            if BorderArticlePage.objects.child_of(index).filter(slug=slug).exists():
                continue
            article = BorderArticlePage(
                title=title,
                slug=slug,
                intro=intro,
                body=data.BODY.format(intro=intro),
                article_kind=kind,
            )
            article.sections.add(section)
            if treaty:
                article.treaties.add(treaty)
            article.topics.add(topic)
            index.add_child(instance=article)
            article.save_revision().publish()
            published_at = start + timedelta(days=7 * number, hours=number % 9)
            BorderArticlePage.objects.filter(pk=article.pk).update(
                first_published_at=published_at, last_published_at=published_at
            )
            self.created += 1

    def load_editions(self, index, sections, treaties):
        """The provincial portal in English, Chinese, Lao and Khmer: its home and index
        translated, the vocabularies named, and editions of a few 2021 articles (machine
        translations written for the demo, marked as such on the page)."""
        home = index.get_parent().specific
        for language in data.EDITION_LANGUAGES:
            locale = self.get_or_create(Locale, {"language_code": language}, {})
            home_title, index_title = data.PORTAL_IN[language]
            self.translate_page(home, locale, title=home_title)
            self.translate_page(index, locale, title=index_title, intro="")
        for slug, names in data.SECTION_NAMES.items():
            for language, (name, new_slug) in names.items():
                self.translate_row(sections[slug], language, name=name, slug=new_slug)
        for slug, names in data.TREATY_NAMES.items():
            for language, (name, new_slug, title) in names.items():
                treaty = treaties[slug][0]
                self.translate_row(treaty, language, name=name, slug=new_slug, full_title=title)
        originals = BorderArticlePage.objects.child_of(index).filter(title__in=data.EDITIONS)
        for original in originals:
            for language, (title, intro) in data.EDITIONS[original.title].items():
                note = data.MACHINE_TRANSLATION_NOTE[language]
                body = f"<p>{intro}</p><p><em>{note}</em></p>"
                edition = self.translate_page(
                    original,
                    Locale.objects.get(language_code=language),
                    title=title,
                    intro=intro,
                    body=body,
                )
                BorderArticlePage.objects.filter(pk=edition.pk).update(
                    first_published_at=original.first_published_at + timedelta(days=2),
                    last_published_at=original.first_published_at + timedelta(days=2),
                )
        self.plan_editions(list(originals))

    def plan_editions(self, originals) -> None:
        """Translations as planned work: the translated articles' entries plan their
        languages (on time, the Lao one late); the next live articles plan an English
        edition that never came (missed)."""
        locales = Locale.objects.in_bulk(data.EDITION_LANGUAGES, field_name="language_code")
        entries = CalendarEntry.objects.filter(page__in=originals).select_related("page")
        for entry in entries.order_by("pk"):
            for language in data.EDITIONS[entry.page.title]:
                due = entry_day(entry) + timedelta(days=data.EDITION_DUE_DAYS[language])
                self.plan_edition(entry, locales[language], due)
        untranslated = (
            CalendarEntry.objects.filter(page__live=True, planned_at__isnull=False)
            .exclude(page__in=originals)
            .order_by("planned_at", "pk")[: data.UNTRANSLATED_ENGLISH]
        )
        for entry in untranslated:
            self.plan_edition(entry, locales["en"], None)

    def plan_edition(self, entry, locale, due) -> None:
        _edition, created = PlannedEdition.objects.get_or_create(
            entry=entry, locale=locale, defaults={"due_date": due}
        )
        self.created += created

    def translate_page(self, page, locale, **fields):
        """The page's translation in ``locale``, made and published once."""
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        translation = page.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        self.created += 1
        return translation

    def translate_row(self, row, language, **fields):
        locale = Locale.objects.get(language_code=language)
        if row.get_translation_or_none(locale) is None:
            translation = row.copy_for_translation(locale)
            for name, value in fields.items():
                setattr(translation, name, value)
            translation.save()
            self.created += 1

    def name_the_root(self):
        # Wagtail's migration titles the tree's root "Root": data, which no catalogue
        # translates; the demo's editors read Vietnamese. A title a site chose stays.
        Page.objects.filter(depth=1, title="Root").update(title="Gốc", draft_title="Gốc")

    def load_superuser(self):
        User = get_user_model()
        user = User.objects.filter(username=data.SUPERUSER["username"]).first()
        if user is None:
            user = User.objects.create_superuser(**data.SUPERUSER)
            self.created += 1
        return user

    # The plan as data ----------------------------------------------------------

    def load_planning(self, indexes, admin):
        units = self.load_units()
        channels = self.load_channels(indexes, units)
        seed = self.load_plan(
            data.SEED_PLAN["title"], data.SEED_PLAN["year"], data.SEED_PLAN["status"]
        )
        year = timezone.localdate().year
        current = self.load_plan(data.CURRENT_PLAN_TITLE.format(year=year), year, "active")
        seed_lines = self.load_content_lines(seed)
        current_lines = self.load_content_lines(current)
        self.load_seed_entries(seed, seed_lines, units, channels)
        self.load_current_entries(current, current_lines, units, channels, indexes, admin)
        self.load_collecting(current, indexes, units, channels)
        self.load_radio_programmes(seed, seed_lines, units)
        self.load_relays(seed, units, channels)
        self.load_bulletin_issues(seed, channels, admin)
        self.relay_this_fortnight(current, channels)

    def relay_this_fortnight(self, plan, channels):
        """The current plan's programmes of last week and this one go out on the radio
        relays too, with nothing confirmed yet: the station whose address the demo
        prints always has items to confirm, whatever the day."""
        monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
        start = datetime.combine(monday - timedelta(days=7), time.min, tzinfo=ZONE)
        entries = (
            CalendarEntry.objects.filter(plan=plan, planned_at__gte=start)
            .filter(planned_at__lt=start + timedelta(days=14))
            .exclude(editorial_status=EntryStatus.CANCELLED)
        )
        relays = [c for c in channels.values() if c.kind in RELAY_KINDS]
        self.put_on_channels(list(entries), relays)

    def load_collecting(self, plan, indexes, units, channels):
        """Feed sources, the ICT centre's collecting group, and one collected article."""
        index = indexes[data.PROVINCIAL_PORTAL["slug"]]
        ict = next(u for u in units.values() if u.kind == "ict_centre")
        for name, url, section in data.FEED_SOURCES:
            self.get_or_create(
                FeedSource,
                {"feed_url": url},
                {
                    "name": name,
                    "index_page": index,
                    "unit": ict,
                    "active": False,
                    "section": Section.objects.canonical().filter(slug=section).first(),
                },
            )
        group = self.get_or_create(Group, {"name": data.COLLECTING_GROUP}, {})
        group.permissions.add(
            *Permission.objects.filter(
                codename__in=[
                    "access_admin",
                    "import_article",
                    "add_feedsource",
                    "change_feedsource",
                    "view_feedsource",
                    "view_collecteditem",
                    "view_calendarentry",
                ]
            )
        )
        for portal_index in indexes.values():
            # The base page model's own permissions (add_page, or add_<model> when
            # WAGTAIL_PAGE_MODEL swaps it).
            for action in ("add", "change"):
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=portal_index,
                    permission=Permission.objects.get_by_natural_key(
                        get_permission_codename(action, Page._meta),
                        Page._meta.app_label,
                        Page._meta.model_name,
                    ),
                )
        ict.member_groups.add(group)
        sample = data.COLLECTED_ARTICLE
        source = FeedSource.objects.get(feed_url=data.FEED_SOURCES[0][1])
        if CollectedItem.objects.filter(source=source, key=sample["key"]).exists():
            return
        cleaned = sanitize_html(sample["html"], base_url=sample["url"])
        page, entry = CollectArticleAction(
            Draft(
                title=sample["title"],
                intro=plain_text(cleaned.html, 600).split(".")[0] + ".",
                body=cleaned.html,
                source_name=sample["source"],
                source_url=sample["url"],
            ),
            index,
            plan=plan,
            unit=ict,
            channels=[c for c in channels.values() if c.index_page_id == index.pk],
        ).execute()
        CollectedItem.objects.create(
            source=source,
            key=sample["key"],
            title=sample["title"],
            link=sample["url"],
            status="imported",
            warnings="\n".join(cleaned.dropped),
            page=page,
            entry=entry,
        )
        self.created += 3

    def load_units(self):
        units = {}
        for name, short, kind, parent in data.UNITS:
            units[name] = self.get_or_create(
                Unit,
                {"name": name},
                {"short_name": short, "kind": kind, "parent": units.get(parent)},
            )
        return units

    def load_channels(self, indexes, units):
        channels = {}
        for name, short_name, kind, portal, unit in data.CHANNELS:
            defaults = {"short_name": short_name, "kind": kind, "unit": units.get(unit)}
            if portal is not None:
                index = indexes[portal["slug"]]
                defaults.update(site=index.get_site(), index_page=index)
            channels[name] = self.get_or_create(Channel, {"name": name}, defaults)
        return channels

    def load_plan(self, title, year, status):
        return self.get_or_create(
            Plan,
            {"title": title},
            {
                "issuing_body": data.SEED_PLAN["issuing_body"],
                "guidance": data.SEED_PLAN["guidance"],
                "period_start": date(year, 1, 1),
                "period_end": date(year, 12, 31),
                "status": status,
            },
        )

    def load_content_lines(self, plan):
        lines = []
        for order, (section, text, treaty_slugs, topic_indexes, target) in enumerate(
            data.CONTENT_LINES
        ):
            line = ContentLine.objects.filter(plan=plan, sort_order=order).first()
            if line is None:
                line = ContentLine.objects.create(
                    plan=plan,
                    section=Section.objects.canonical().get(slug=section),
                    text=text,
                    target=target,
                    sort_order=order,
                )
                line.treaties.set(Treaty.objects.canonical().filter(slug__in=treaty_slugs))
                line.topics.set(
                    Tag.objects.filter(name__in=[data.TOPICS[i] for i in topic_indexes])
                )
                self.created += 1
            lines.append(line)
        return lines

    def make_entry(self, plan, title, channels, **fields):
        entry = CalendarEntry.objects.filter(plan=plan, title=title).first()
        if entry is None:
            entry = CalendarEntry.objects.create(plan=plan, title=title, **fields)
            entry.channels.set(channels)
            self.created += 1
            return entry, True
        return entry, False

    def load_seed_entries(self, plan, lines, units, channels):
        """The 2021 plan's entries: one per demo article, published."""
        workers = [
            units[name] for name, _s, kind, _p in data.UNITS if kind in ("division", "ict_centre")
        ]
        portal_by_site = {c.site_id: c for c in channels.values() if c.site_id}
        # The Vietnamese articles: an edition is its original's, not an entry of its own.
        articles = (
            BorderArticlePage.objects.live()
            .filter(first_published_at__year=data.SEED_PLAN["year"])
            .filter(locale=Locale.get_default())
            .order_by("first_published_at", "pk")
        )
        for number, article in enumerate(articles):
            section = article.sections.first()
            line = next(
                (line for line in lines if line.section_id == getattr(section, "pk", None)), None
            )
            self.make_entry(
                plan,
                article.title,
                [portal_by_site[article.get_site().pk]],
                content_line=line,
                unit=workers[number % len(workers)],
                planned_at=article.first_published_at,
                due_date=timezone.localdate(article.first_published_at) - timedelta(days=3),
                editorial_status=EntryStatus.READY,
                page=article,
            )

    def load_current_entries(self, plan, lines, units, channels, indexes, admin):
        """A year of entries around today, in every status, and some not planned yet."""
        today = timezone.localdate()
        workers = [units[name] for name, _s, kind, _p in data.UNITS if kind != "department"]
        portals = [c for c in channels.values() if c.is_publishable]
        others = [c for c in channels.values() if not c.is_publishable]
        for number in range(72):
            line = lines[number % len(lines)]
            title = (
                data.ENTRY_TITLES[number % len(data.ENTRY_TITLES)].format(
                    topic=line.topics.first().name.lower()
                    if line.topics.exists()
                    else "văn kiện pháp lý",
                    section=line.section.name,
                )
                + f" (số {number + 1})"
            )
            offset = -60 + number * 5
            day = today + timedelta(days=offset)
            planned_at = datetime.combine(
                day, time(8, 30) if number % 2 else time(14, 0), tzinfo=ZONE
            )
            if offset < 0:
                status = [EntryStatus.CANCELLED, EntryStatus.DRAFTING, EntryStatus.READY][
                    number % 3
                ]
            elif offset < 45:
                status = [EntryStatus.READY, EntryStatus.IN_REVIEW, EntryStatus.DRAFTING][
                    number % 3
                ]
            else:
                status = [EntryStatus.ASSIGNED, EntryStatus.IDEA][number % 2]
            entry, created = self.make_entry(
                plan,
                title,
                [portals[number % len(portals)], others[number % len(others)]],
                content_line=line,
                unit=workers[number % len(workers)],
                assignee=admin if number % 4 == 0 else None,
                planned_at=planned_at,
                due_date=day - timedelta(days=5),
                editorial_status=status,
                brief=line.text,
            )
            if created and 0 < offset < 45 and status == EntryStatus.READY:
                self.schedule_article(entry, portals[number % len(portals)], admin)
        for number in range(8):
            line = lines[(number * 2) % len(lines)]
            self.make_entry(
                plan,
                f"Ý tưởng: {line.section.name} - chủ đề {number + 1}",
                [portals[number % len(portals)]],
                content_line=line,
                unit=workers[number % len(workers)],
                due_date=today + timedelta(days=10 + number * 7),
                editorial_status=EntryStatus.IDEA if number % 2 else EntryStatus.ASSIGNED,
            )

    def schedule_article(self, entry, channel, admin):
        """Create the entry's draft article and put it on Wagtail's own schedule."""
        CreateEntryArticleAction(entry, channel.index_page.specific, admin).execute()
        ScheduleArticleAction(entry, admin, go_live_at=entry.planned_at).execute()

    # Deliveries: the radio stations relay the 2021 programmes ---------------------

    def load_radio_programmes(self, plan, lines, units):
        """The provincial station's monthly border programme of 2021: no article, only
        the relays (``load_relays`` puts them on both), so such an entry is done when
        every station has recorded it (*Đã thực hiện*) and missed otherwise."""
        station = units[data.PROGRAMME_UNIT]
        for month in range(1, 13):
            # The second Friday of the month, 19:00 (after the evening news).
            first = date(data.SEED_PLAN["year"], month, 1)
            friday = first + timedelta(days=(4 - first.weekday()) % 7 + 7)
            self.make_entry(
                plan,
                data.PROGRAMME_TITLE.format(month=month, year=first.year),
                [],
                content_line=lines[month % len(lines)],
                unit=station,
                planned_at=datetime.combine(friday, time(19, 0), tzinfo=ZONE),
                editorial_status=EntryStatus.READY,
            )

    def load_relays(self, plan, units, channels):
        """The district and commune radio stations carry the radio relays, every 2021
        entry goes out on both relays, and the stations' confirmations give the reports
        a mixed picture."""
        districts, communes = self.load_stations(units)
        by_kind = {channel.kind: channel for channel in channels.values()}
        relays = [
            (by_kind[ChannelKind.DISTRICT_RADIO], districts),
            (by_kind[ChannelKind.COMMUNE_RADIO], communes),
        ]
        for channel, stations in relays:
            channel.carriers.add(*stations)
        entries = list(
            CalendarEntry.objects.filter(plan=plan)
            .exclude(planned_at=None)
            .order_by("planned_at", "pk")
        )
        self.put_on_channels(entries, [channel for channel, _stations in relays])
        self.load_deliveries(entries, relays)
        self.carrier_address = self.load_carrier_link()

    def load_stations(self, units):
        """Each district's radio station under its committee, its communes' under it."""
        districts, communes = [], []
        for committee, name, short_name, places in data.RADIO_STATIONS:
            station = self.get_or_create(
                Unit,
                {"name": name},
                {"short_name": short_name, "kind": UnitKind.OTHER, "parent": units[committee]},
            )
            districts.append(station)
            for kind, place in places:
                communes.append(
                    self.get_or_create(
                        Unit,
                        {"name": data.COMMUNE_STATION.format(kind=kind, name=place)},
                        {
                            "short_name": data.COMMUNE_STATION_SHORT.format(name=place),
                            "kind": UnitKind.OTHER,
                            "parent": station,
                        },
                    )
                )
        return districts, communes

    def put_on_channels(self, entries, channels):
        """Plan ``entries`` on ``channels`` too, where they are not yet."""
        through = CalendarEntry.channels.through
        present = set(
            through.objects.filter(calendarentry__in=entries, channel__in=channels).values_list(
                "calendarentry_id", "channel_id"
            )
        )
        missing = [
            through(calendarentry_id=entry.pk, channel_id=channel.pk)
            for entry in entries
            for channel in channels
            if (entry.pk, channel.pk) not in present
        ]
        through.objects.bulk_create(missing)
        self.created += len(missing)

    def load_deliveries(self, entries, relays):
        """Record what each station did; a missing broadcast has no row. A pair already
        recorded (by an earlier run, or by a person) is left alone. Hundreds of rows:
        inserted at once rather than through ConfirmDeliveryAction (a second per demo
        run and per test that runs the demo), so the demo's rows have no audit entries."""
        recorded = set(
            Delivery.objects.filter(
                entry__in=entries, channel__in=[channel for channel, _s in relays]
            ).values_list("entry_id", "channel_id", "unit_id")
        )
        rows = [
            Delivery(entry=entry, channel=channel, unit=station, **confirmation)
            for entry in entries
            for channel, stations in relays
            for station in stations
            if (entry.pk, channel.pk, station.pk) not in recorded
            and (confirmation := delivery_outcome(entry, station)) is not None
        ]
        Delivery.objects.bulk_create(rows)
        self.created += len(rows)

    def load_bulletin_issues(self, plan, channels, admin):
        """The bulletin's 2021 issues, published through ``PublishBulletinAction`` as an
        editor would: their articles' entries are planned on the bulletin and recorded
        delivered by its managing unit, with the issue's number. An issue already there
        (made by an earlier run, or by a person) is left alone."""
        bulletin = next(c for c in channels.values() if c.kind == ChannelKind.BULLETIN)
        for number, day in data.BULLETIN_ISSUES:
            if BulletinIssue.objects.filter(channel=bulletin, number=number).exists():
                continue
            entries = self.articles_up_to(plan, day)
            self.put_on_channels(entries, [bulletin])
            issue = BulletinIssue.objects.create(channel=bulletin, number=number, issue_date=day)
            issue.entries.set(entries)
            deliveries = PublishBulletinAction(issue, admin).execute()
            self.created += 1 + len(deliveries)

    def articles_up_to(self, plan, day):
        """The last ``ARTICLES_PER_ISSUE`` article entries planned up to ``day``."""
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZONE)
        entries = CalendarEntry.objects.filter(
            plan=plan, page__isnull=False, planned_at__lt=end
        ).order_by("-planned_at", "-pk")
        return list(entries[: data.ARTICLES_PER_ISSUE])[::-1]

    def load_carrier_link(self):
        """One commune station's secret link, whose address the demo prints."""
        station = Unit.objects.get(name=data.LINKED_STATION)
        token = demo_token(station)
        link = CarrierLink.objects.filter(token_hash=hash_token(token)).first()
        if link is None:
            link = CarrierLink.objects.create(
                unit=station, name=data.LINK_NAME, token_hash=hash_token(token)
            )
            log(instance=link, action="wagtail_borderplan.link.create")
            self.created += 1
        if link.revoked_at is not None:
            return None  # revoked by a person: the demo does not bring it back
        return Site.objects.get(is_default_site=True).root_url + reverse(
            "wagtail_borderplan_carry", kwargs={"token": token}
        )


def delivery_outcome(entry, station):
    """What ``station`` did with ``entry``: the action's keyword arguments, or None
    when it never broadcast it. Seeded by names, so every install and run agree."""
    rng = random.Random(f"{entry.title}|{station.name}")
    odds = data.WEAK_ODDS if station.name in data.WEAK_STATIONS else data.RELIABLE_ODDS
    outcome = rng.choices(("on_time", "late", "missing", "cancelled"), weights=odds)[0]
    day = entry_day(entry)
    if outcome == "missing":
        return None
    if outcome == "cancelled":
        return {
            "status": DeliveryStatus.CANCELLED,
            "delivered_at": datetime.combine(day, time(17, 0), tzinfo=ZONE),
            "note": rng.choice(data.CANCELLED_NOTES),
        }
    # Commune loudspeakers air at 6:00 and 17:00; a late station catches up a day or two on.
    if outcome == "late":
        day += timedelta(days=rng.choice((1, 2)))
        air_time, note = rng.choice((time(6, 0), time(17, 0))), rng.choice(data.LATE_NOTES)
    else:
        air_time, note = time(17, 0), rng.choice(data.DELIVERY_NOTES)
    return {
        "delivered_at": datetime.combine(day, air_time, tzinfo=ZONE),
        "duration_minutes": rng.randint(5, 15),
        "note": note,
    }


def demo_token(station):
    """The demo link's token, derived from the secret key: the same on every run, so the
    address can be printed again without making a new link (a real link's token is
    random and shown once)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"borderplan-demo-carrier:{station.name}".encode(),
        hashlib.sha256,
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
