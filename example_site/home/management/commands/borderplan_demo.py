"""Load the seed plan's demo data: two portals, sections, treaties, topics, articles.

Idempotent: everything is looked up by a natural key (hostname, slug, username) and
created only when missing, so a second run changes nothing.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from taggit.models import Tag
from wagtail.models import Page, Site

from example_site.home import demo_data as data
from example_site.home.models import HomePage
from wagtail_borderplan.models import BorderArticlePage, BorderIndexPage, Section, Treaty
from wagtail_borderplan.models.taxonomy import vietnamese_slugify

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


class Command(BaseCommand):
    help = "Load the demo data of the seed plan (safe to run more than once)."

    @transaction.atomic
    def handle(self, *args, **options):
        self.created = 0
        sections = self.load_sections()
        treaties = self.load_treaties(sections)
        topics = self.load_topics()
        indexes = [self.load_portal(portal) for portal in data.PORTALS]
        self.load_articles(indexes, sections, treaties, topics)
        self.load_superuser()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({self.created} objects created)."))

    def get_or_create(self, model, lookup, defaults):
        obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
        self.created += created
        return obj

    def load_sections(self):
        sections = {}
        for order, row in enumerate(data.SECTIONS):
            fields = {k: v for k, v in row.items() if k != "slug"}
            sections[row["slug"]] = self.get_or_create(
                Section, {"slug": row["slug"]}, {**fields, "sort_order": order}
            )
        return sections

    def load_treaties(self, sections):
        treaties = {}
        for order, (slug, name, title, kind, section, signed, effective) in enumerate(
            data.TREATIES
        ):
            treaty = self.get_or_create(
                Treaty,
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

    def load_portal(self, portal):
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(slug=portal["slug"]).first()
        if home is None:
            home = root.add_child(
                instance=HomePage(
                    title=portal["site_name"], slug=portal["slug"], intro=portal["intro"]
                )
            )
            self.created += 1
        site = Site.objects.filter(hostname=portal["hostname"], port=data.PORT).first()
        if site is None:
            is_default = portal is data.PROVINCIAL_PORTAL
            if is_default:
                self.remove_welcome_site()
                Site.objects.filter(is_default_site=True).update(is_default_site=False)
            Site.objects.create(
                hostname=portal["hostname"],
                port=data.PORT,
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

    def load_superuser(self):
        User = get_user_model()
        if not User.objects.filter(username=data.SUPERUSER["username"]).exists():
            User.objects.create_superuser(**data.SUPERUSER)
            self.created += 1
