from .bulletins import BulletinIssue
from .calendar import (
    DONE_STATUSES,
    EDITORIAL_STATUSES,
    OUT_STATUSES,
    CalendarEntry,
    EntryStatus,
    TranslationRule,
)
from .collecting import CollectedItem, CollectedStatus, FeedSource
from .deliveries import (
    CarrierLink,
    Delivery,
    DeliveryReminder,
    DeliveryState,
    DeliveryStatus,
)
from .editions import EditionState, PlannedEdition
from .feeds import CalendarFeed
from .pages import (
    ArticleKind,
    BorderArticleMixin,
    BorderArticlePage,
    BorderIndexMixin,
    BorderIndexPage,
)
from .planning import (
    Channel,
    ChannelKind,
    ChannelQuerySet,
    ContentLine,
    Plan,
    PlanStatus,
    Unit,
    UnitKind,
)
from .preferences import CalendarPreference
from .runner import RunnerHeartbeat
from .taxonomy import (
    Section,
    SectionTaggedPage,
    TopicTaggedPage,
    Treaty,
    TreatyKind,
    TreatyTaggedPage,
)

__all__ = [
    "DONE_STATUSES",
    "EDITORIAL_STATUSES",
    "OUT_STATUSES",
    "ArticleKind",
    "BorderArticleMixin",
    "BorderArticlePage",
    "BorderIndexMixin",
    "BorderIndexPage",
    "BulletinIssue",
    "CalendarEntry",
    "CalendarFeed",
    "CalendarPreference",
    "CarrierLink",
    "Channel",
    "ChannelKind",
    "ChannelQuerySet",
    "CollectedItem",
    "CollectedStatus",
    "ContentLine",
    "Delivery",
    "DeliveryReminder",
    "DeliveryState",
    "DeliveryStatus",
    "EditionState",
    "EntryStatus",
    "FeedSource",
    "Plan",
    "PlanStatus",
    "PlannedEdition",
    "RunnerHeartbeat",
    "Section",
    "SectionTaggedPage",
    "TopicTaggedPage",
    "TranslationRule",
    "Treaty",
    "TreatyKind",
    "TreatyTaggedPage",
    "Unit",
    "UnitKind",
]
