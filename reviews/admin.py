"""Read-only administration of review records: every write goes through the portal's
pages and services, which record it on the history (applications.audit)."""

from django.contrib import admin

from rit_portal.admin_site import ReadOnlyAdmin

from .models import (
    ConsensusScore,
    Review,
    ReviewAssignment,
    ReviewSettings,
)


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(ReadOnlyAdmin):
    list_display = ["call", "pass_mark_c1", "pass_mark_c2", "pass_mark_c3"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "reviewer", "conflict_status", "assigned_at"]
    list_filter = ["conflict_status", "application__call"]
    list_select_related = ["application", "reviewer"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "status", "c1_score", "c2_score", "c3_score", "value_score"]
    list_filter = ["status"]
    list_select_related = ["assignment__application", "assignment__reviewer"]


@admin.register(ConsensusScore)
class ConsensusScoreAdmin(ReadOnlyAdmin):
    list_display = ["application", "criterion", "score", "recorded_by", "recorded_at"]
