"""Cards as stored by the sync: rendered HTML plus what browsing filters on.

The files in ``content/`` are the source of truth; these rows are a cache of
them that also keeps identity. A card keeps its primary key when its file is
edited, moved or renamed (through ``aliases``), and is archived, never
deleted, when its file goes away, so anything keyed to it survives.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from .links import card_url
from .titles import plain_title

DIFFICULTY_CHOICES = [("easy", "Easy"), ("medium", "Medium"), ("hard", "Hard")]


class TopicQuerySet(models.QuerySet):
    def with_card_counts(self) -> TopicQuerySet:
        """Topics that have active cards, each with how many as ``card_count``."""
        active = models.Q(cards__archived_at__isnull=True)
        return self.annotate(card_count=models.Count("cards", filter=active)).filter(card_count__gt=0)


class Topic(models.Model):
    path = models.CharField(max_length=200, primary_key=True)
    name = models.CharField(max_length=200)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    slug = models.SlugField(max_length=100, primary_key=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class CardQuerySet(models.QuerySet):
    def active(self) -> CardQuerySet:
        return self.filter(archived_at__isnull=True)


class Card(models.Model):
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="cards")
    tags = models.ManyToManyField(Tag, related_name="cards", blank=True)
    difficulty = models.CharField(max_length=10, choices=DIFFICULTY_CHOICES)
    prompt_html = models.TextField(blank=True)
    answer_html = models.TextField()
    search_text = models.TextField(
        blank=True, help_text="Plain text of prompt and answer, for search (the title is indexed apart)."
    )
    links = models.JSONField(default=list, blank=True, help_text="Ids of the cards this one links to.")
    related = models.JSONField(
        default=list, blank=True, help_text="Primary keys of the cards sharing most tags, worked out by the sync."
    )
    neighbours = models.JSONField(
        default=list, blank=True, help_text="Primary keys of the previous and next card in the topic, or null."
    )
    parsed = models.JSONField(
        default=dict, blank=True, help_text="What a sync needs of the file, to skip re-parsing it."
    )
    source_path = models.CharField(max_length=500, help_text="Path inside the content folder.")
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = CardQuerySet.as_manager()

    # The passage a text search matched, set on the cards it lists. Empty on
    # every other card rather than missing: a template that looks up a missing
    # attribute goes through an exception and a dir() of the whole model.
    snippet = ""

    class Meta:
        ordering = ["topic_id", "source_path"]
        indexes = [
            models.Index(fields=["archived_at", "topic", "source_path"]),
            models.Index(fields=["archived_at", "difficulty"]),
        ]

    def __str__(self) -> str:
        return plain_title(self.title)

    def get_absolute_url(self) -> str:
        return card_url(self.slug)

    @cached_property
    def tag_slugs(self) -> list[str]:
        """The card's tags in order, from the prefetched tags when there are any; ``CardFacts.with_tag_slugs`` fills it for a list."""
        return [tag.slug for tag in self.tags.all()]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def edit_url(self) -> str:
        base = settings.QUESTIONBANK_EDIT_URL
        return base + self.source_path if base else ""

    def report_url(self) -> str:
        """The repository's "report a problem with a card" issue form, its id and file fields filled in.

        GitHub fills an issue form's fields from query parameters named by
        their ids (see .github/ISSUE_TEMPLATE/report-a-problem.yml).
        """
        base = settings.QUESTIONBANK_ISSUE_URL or issues_url_from_edit_url(settings.QUESTIONBANK_EDIT_URL)
        if not base:
            return ""
        query = urlencode(
            {
                "template": REPORT_ISSUE_TEMPLATE,
                "title": f"Problem with card {self.slug}",
                "card-id": self.slug,
                "card-path": f"content/{self.source_path}",
            }
        )
        return f"{base}{'&' if '?' in base else '?'}{query}"


REPORT_ISSUE_TEMPLATE = "report-a-problem.yml"
_GITHUB_EDIT_URL_RE = re.compile(r"^(?P<repo>https://github\.com/[^/]+/[^/]+)/edit/")


def issues_url_from_edit_url(edit_url: str) -> str:
    """A GitHub repository's new-issue page, from its "edit this card" base URL: one setting serves both links."""
    match = _GITHUB_EDIT_URL_RE.match(edit_url)
    return f"{match.group('repo')}/issues/new" if match else ""


class CardAlias(models.Model):
    """An earlier id of a card, so old links and progress still find it."""

    slug = models.SlugField(max_length=200, unique=True)
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name_plural = "card aliases"

    def __str__(self) -> str:
        return f"{self.slug} → {self.card.slug}"


class BankVersion(models.Model):
    """A token that every sync which changes what a page shows replaces.

    Whole pages are cached under it, so they stay valid exactly until the bank
    changes; a single row, read cheaply and rarely (see ``pagecache``).
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)
    facet_counts = models.JSONField(
        default=dict, blank=True, help_text="Active cards per topic, difficulty and tag, worked out by the sync."
    )

    def __str__(self) -> str:
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M})"


class PlanQuerySet(models.QuerySet):
    def active(self) -> PlanQuerySet:
        return self.filter(archived_at__isnull=True)


class Plan(models.Model):
    """A study plan from ``content/plans/<slug>.yml``; archived, never deleted, when its file goes."""

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField()
    audience = models.TextField(blank=True)
    sections = models.JSONField(default=list, help_text="Section titles, in order.")
    source_path = models.CharField(max_length=500)
    content_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:plan", args=[self.slug])


class PlanEntry(models.Model):
    """One card of a plan, at its place in its section."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField()
    section = models.PositiveSmallIntegerField(help_text="Index into the plan's sections.")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The plan's estimate, if it gives one.")

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="one_plan_entry_per_position")]
        verbose_name_plural = "plan entries"

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.position}: {self.card_id}"


class AnswerVersion(models.Model):
    """A card's answer as it read under one content hash, written by the sync.

    A person's review keeps the hash of the card it rated; with the answer of
    that hash kept here, the rating panel can show what changed since. Only
    the latest few of each card are kept (``versions.KEPT_PER_CARD``).
    """

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="answer_versions")
    content_hash = models.CharField(max_length=64)
    answer = models.TextField(help_text="The answer's Markdown.")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["card", "content_hash"], name="one_answer_per_card_hash")]

    def __str__(self) -> str:
        return f"{self.card_id}@{self.content_hash[:12]}"
