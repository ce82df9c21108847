from django.contrib import admin

from questions.admin import ReadOnlyMixin

from .models import Bookmark, Review, Schedule


@admin.register(Review)
class ReviewAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "card", "rating", "mode", "seconds", "reviewed_at"]
    list_filter = ["rating", "mode"]
    search_fields = ["user__username", "card__slug"]
    list_select_related = ["user", "card"]


@admin.register(Schedule)
class ScheduleAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "card", "state", "due", "stability", "review_count"]
    search_fields = ["user__username", "card__slug"]
    list_select_related = ["user", "card"]


@admin.register(Bookmark)
class BookmarkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "card", "created_at"]
    list_select_related = ["user", "card"]
