"""Read-mostly administration of review records (writes go through the portal's pages)."""

from django.contrib import admin

from .models import (
    ConsensusScore,
    Review,
    ReviewAssignment,
    ReviewSettings,
)


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    list_display = ["call", "pass_mark_c1", "pass_mark_c2", "pass_mark_c3"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "conflict_status", "assigned_at"]
    list_filter = ["conflict_status", "application__call"]
    list_select_related = ["application", "reviewer"]
    readonly_fields = ["application", "reviewer", "assigned_by", "assigned_at",
                       "conflict_status", "conflict_note", "conflict_declared_at"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["assignment", "status", "c1_score", "c2_score", "c3_score", "value_score"]
    list_filter = ["status"]
    list_select_related = ["assignment__application", "assignment__reviewer"]

    def has_change_permission(self, request, obj=None):
        return False  # scores change only through the review form (drafts, locking)


@admin.register(ConsensusScore)
class ConsensusScoreAdmin(admin.ModelAdmin):
    list_display = ["application", "criterion", "score", "recorded_by", "recorded_at"]

    def has_change_permission(self, request, obj=None):
        return False
