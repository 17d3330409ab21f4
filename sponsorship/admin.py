from django.contrib import admin

from rit_portal.admin_site import ReadOnlyAdmin

from .models import AwardLetter, CostLine, DecisionLine, LetterBatch, SponsorshipDecision


@admin.register(AwardLetter)
class AwardLetterAdmin(ReadOnlyAdmin):
    """Read-only: letters are produced by the task; HQ retries them from the letters page."""

    list_display = ("decision", "status", "language", "attempts", "rendered_at", "emailed_at")
    list_filter = ("status", "decision__application__call")
    list_select_related = ("decision__application",)
    readonly_fields = [field.name for field in AwardLetter._meta.fields]


@admin.register(LetterBatch)
class LetterBatchAdmin(ReadOnlyAdmin):
    list_display = ("call", "requested_by", "requested_at", "total")
    list_select_related = ("call", "requested_by")


@admin.register(CostLine)
class CostLineAdmin(ReadOnlyAdmin):
    """Read-only: applicants edit their cost proposal in the application form."""

    list_display = ("application", "year", "activity", "category", "description", "quantity",
                    "unit_cost", "total")
    list_filter = ("activity", "category", "application__call")
    list_select_related = ("application",)
    search_fields = ("description", "application__reference", "application__title_ja")


class DecisionLineInline(admin.TabularInline):
    model = DecisionLine
    fields = ("cost_line", "requested_amount", "approved_amount")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(SponsorshipDecision)
class SponsorshipDecisionAdmin(ReadOnlyAdmin):
    """Read-only history: decisions are made (and revised as new versions) on the decision
    page, which keeps the call's envelope."""

    list_display = ("application", "version", "is_current", "mode", "requested_total",
                    "approved_total", "decided_by", "decided_at")
    list_filter = ("is_current", "mode", "application__call")
    list_select_related = ("application", "decided_by")
    inlines = [DecisionLineInline]
    readonly_fields = [field.name for field in SponsorshipDecision._meta.fields]
