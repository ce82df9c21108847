"""Cards in the admin are for looking, not editing: the files are the source."""

from django.contrib import admin

from .models import Card, CardAlias, Topic


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CardAliasInline(ReadOnlyMixin, admin.TabularInline):
    model = CardAlias
    extra = 0


@admin.register(Card)
class CardAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["slug", "title", "topic", "difficulty", "updated_at", "archived_at"]
    list_filter = ["difficulty", "topic", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["slug", "title", "search_text", "aliases__slug"]
    exclude = ["search_text"]
    inlines = [CardAliasInline]


@admin.register(Topic)
class TopicAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["path", "name"]
    search_fields = ["path", "name"]
