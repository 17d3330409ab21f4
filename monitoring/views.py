"""HQ's monitoring pages: the dashboard, the annual report (start, follow, retry, download,
who downloaded), the exports of a call, the API tokens. For anyone else none of them
exists (404)."""

import hashlib
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import Call
from audit.services import audit_record
from privacy.enums import AccessKind
from privacy.services import access_record
from projects.models import Project
from rit_portal.csv_io import TABLE_FORMATS, table_stream_response
from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_shown
from rit_portal.stored_files import stored_file_response
from rit_portal.system_texts import event

from .enums import ExportTable, ReportFormat, ReportJobStatus
from .exports import EXPORTS, WITH_PEOPLE, export_filename_stem, rows_count
from .forms import ApiTokenForm, ReportRequestForm
from .models import AnnualReport, ApiToken, ExportJob
from .money import call_money, project_money
from .report_files import report_filename
from .selectors import fiscal_years, offices_in_japan
from .services import (
    REPORT_STALE_AFTER,
    annual_report_request,
    annual_report_retry,
    api_token_create,
    api_token_revoke,
    export_inline,
    export_job_request,
    export_job_retry,
    export_job_retryable,
    figures_current,
    report_download_record,
    report_retryable,
)
from .tables import call_money_tables, figure_tables, headline


def _chosen_year(request, years: list[int]) -> int | None:
    """The fiscal year asked for (?fy=2027) if it is one with data; None: every year."""
    value = request.GET.get("fy", "")
    if value.isascii() and value.isdigit() and len(value) == 4 and int(value) in years:
        return int(value)
    return None


@gate("monitoring.view_figures")
def dashboard(request):
    years = fiscal_years()
    fiscal_year = _chosen_year(request, years)
    stored = figures_current(fiscal_year=fiscal_year)
    figures = stored.figures
    calls = list(Call.objects.order_by("-fiscal_year", "-opens_at"))
    return render(request, "monitoring/dashboard.html", {
        "years": years, "fiscal_year": fiscal_year, "figures": figures,
        "computed_at": stored.computed_at,
        # The figures' tables and the exports' links are the same for every HQ reader of a
        # language: rendered once per version of their data ({% cache %} in the template,
        # keyed on the stored figures' time and on the calls), built only when rendered.
        "headline": partial(headline, figures), "tables": partial(figure_tables, figures),
        "figures_version": f"{fiscal_year or 0}:{stored.computed_at.isoformat()}",
        "calls": calls, "calls_version": _calls_version(calls),
        "export_tables": ExportTable.choices,
    })


def _calls_version(calls) -> str:
    """What the dashboard's exports section shows of the calls: each one's id and name (in
    the reader's language), so that a new, renamed or removed call renders it afresh."""
    return hashlib.sha256(repr([(call.pk, str(call)) for call in calls]).encode()).hexdigest()


def _office_in_japan(*, user, code: str):
    return get_object_or_404(offices_in_japan(), code=code)


@gate("monitoring.view_office_figures", lookup=_office_in_japan)
def office_dashboard(request, office):
    """A domestic office's figures: HQ's, limited to the organisations of the prefectures
    the office covers (monitoring.selectors.office_figures). HQ opens any office, the
    office's staff their own; anyone else gets a 404."""
    years = fiscal_years()
    fiscal_year = _chosen_year(request, years)
    # Stored as the dashboard's are (computed on the first opening, then by beat's job).
    stored = figures_current(fiscal_year=fiscal_year, office=office)
    figures = stored.figures
    return render(request, "monitoring/office.html", {
        "office": office, "years": years, "fiscal_year": fiscal_year, "figures": figures,
        "computed_at": stored.computed_at,
        "headline": partial(headline, figures), "tables": partial(figure_tables, figures),
        "figures_version": f"{office.code}:{fiscal_year or 0}:{stored.computed_at.isoformat()}",
        "offices": _offices_for(request.user)})


def _offices_for(user):
    """HQ's choice of office (every office in Japan that covers prefectures)."""
    if not user.has_perm("monitoring.view_figures"):
        return []
    return offices_in_japan().order_by("code")


# --- The annual report ----------------------------------------------------------------------

def _report_context(request, form) -> dict:
    reports = (AnnualReport.objects.select_related("requested_by")
               .prefetch_related("downloads__by")[:20])
    return {"form": form, "reports": reports,
            "stale_minutes": int(REPORT_STALE_AFTER.total_seconds() // 60)}


@gate("monitoring.view_figures")
def reports(request):
    """HQ's annual reports: start one (fiscal year, language), follow and download them."""
    years = fiscal_years()
    if request.method == "POST":
        form = ReportRequestForm(request.POST, fiscal_years=years)
        if form.is_valid():
            with refusal_shown(request, form) as refusal:
                report = annual_report_request(by=request.user, **form.cleaned_data)
            if not refusal:
                messages.success(request, _("The report of FY%(year)d is being produced.")
                                 % {"year": report.fiscal_year})
                return redirect("monitoring:report", pk=report.pk)
    else:
        form = ReportRequestForm(fiscal_years=years,
                                 initial={"fiscal_year": years[0] if years else None,
                                          "language": request.LANGUAGE_CODE[:2]})
    return render(request, "monitoring/reports.html", _report_context(request, form))


def _report(pk: int) -> AnnualReport:
    return get_object_or_404(AnnualReport.objects.select_related("requested_by"), pk=pk)


@gate("monitoring.view_figures")
def report_detail(request, pk: int):
    report = _report(pk)
    return render(request, "monitoring/report.html", {
        "report": report, "downloads": report.downloads.select_related("by"),
        "retryable": report_retryable(report), "formats": ReportFormat.choices,
        "stale_minutes": int(REPORT_STALE_AFTER.total_seconds() // 60),
    })


@gate("monitoring.view_figures")
def report_progress(request, pk: int):
    """The report's status and progress, for the page to follow without reloading."""
    report = _report(pk)
    return JsonResponse({"status": report.status, "status_label": report.get_status_display(),
                         "progress": report.progress,
                         "done": report.status not in (ReportJobStatus.PENDING,
                                                       ReportJobStatus.RENDERING)})


@require_POST
@gate("monitoring.view_figures")
def report_retry(request, pk: int):
    report = _report(pk)
    with refusal_shown(request) as refusal:
        annual_report_retry(report=report, by=request.user)
    if not refusal:
        messages.success(request, _("The report has been queued again."))
    return redirect("monitoring:report", pk=report.pk)


@gate("monitoring.view_figures")
def report_download(request, pk: int, fmt: str):
    """The report's PDF, CSV or XLSX; every download is recorded (who, when, which)."""
    report = _report(pk)
    if fmt not in ReportFormat.values or not report.downloadable:
        raise Http404
    response = stored_file_response(
        report.file_for(fmt), content_type=None,  # guessed from the name: PDF, CSV, XLSX
        filename=report_filename(fiscal_year=report.fiscal_year, report_id=report.pk, fmt=fmt))
    report_download_record(report=report, by=request.user, file_format=fmt)
    return response


# --- A call's money and its exports ---------------------------------------------------------

@gate("monitoring.view_figures")
def call_money_view(request, pk: int):
    """A call's money: approved, claimed, paid and spent (reported) for the call, per fiscal
    year and per project (a page of 50), as its export and the API carry them."""
    call = get_object_or_404(Call, pk=pk)
    money = call_money(call=call)
    page = paginate(money.projects, params=request.GET,
                    count=Project.objects.filter(application__call=call).count())
    return render(request, "monitoring/call_money.html", {
        "call": call, "page": page,
        "tables": call_money_tables(money, [project_money(project) for project in page]),
        "formats": TABLE_FORMATS, "table": ExportTable.MONEY})


def _export_subject(call: Call, table: str, fmt: str) -> str:
    """What the access log says an export of `table` is (the direct download and the
    worker's file alike)."""
    return f"{call.title} · {ExportTable(table).label} ({fmt})"


@require_http_methods(["GET", "POST"])
@gate("monitoring.view_figures")
def call_export(request, pk: int, table: str, fmt: str):
    """One table of the call as CSV or XLSX, streamed; recorded on the call's history. A
    table of more rows than settings.EXPORTS_INLINE_MAX_ROWS is written by the worker
    instead: the page says so and its button starts the job (POST), whose page follows."""
    call = get_object_or_404(Call, pk=pk)
    if table not in ExportTable.values or fmt not in TABLE_FORMATS:
        raise Http404
    header, rows = EXPORTS[table](call=call, by=request.user)
    total = rows_count(rows)
    if not export_inline(total):
        if request.method != "POST":
            return render(request, "monitoring/export_start.html", {
                "call": call, "table": table, "table_label": ExportTable(table).label,
                "fmt": fmt, "rows_total": total})
        with refusal_shown(request) as refusal:
            job = export_job_request(call=call, table=table, fmt=fmt,
                                     language=request.LANGUAGE_CODE[:2], by=request.user)
        if refusal:
            return redirect("monitoring:exports")
        audit_record(event=event("monitoring.export", table=table, fmt=fmt),
                     by=request.user, call=call)
        return redirect("monitoring:export", pk=job.pk)
    audit_record(event=event("monitoring.export", table=table, fmt=fmt), by=request.user,
                 call=call)
    if table in WITH_PEOPLE:
        access_record(by=request.user, what=AccessKind.EXPORT,
                      subject=_export_subject(call, table, fmt),
                      path=request.get_full_path())
    return table_stream_response(fmt=fmt, filename_stem=export_filename_stem(call=call,
                                                                             table=table),
                                 header=header, rows=rows,
                                 sheet_title=str(ExportTable(table).label))


def _export_job(request, pk: int) -> ExportJob:
    """The export `pk` if the user asked for it; anyone else's is a 404."""
    return get_object_or_404(ExportJob.objects.select_related("call"), pk=pk,
                             requested_by=request.user)


@gate("monitoring.view_figures")
def exports(request):
    """Your exports produced by the worker, newest first, a page at a time."""
    jobs = ExportJob.objects.filter(requested_by=request.user).select_related("call")
    return render(request, "monitoring/exports.html", {
        "page": paginate(jobs, params=request.GET),
        "retention_days": settings.PRIVACY_RETENTION["export_files"]})


@gate("monitoring.view_figures")
def export_detail(request, pk: int):
    """One export: its status and the rows written so far (the page reloads itself while
    the job runs), the download when done, the error and a retry when failed."""
    job = _export_job(request, pk)
    return render(request, "monitoring/export.html", {
        "job": job, "table_label": ExportTable(job.table).label,
        "retryable": export_job_retryable(job),
        "stale_minutes": int(REPORT_STALE_AFTER.total_seconds() // 60),
        "retention_days": settings.PRIVACY_RETENTION["export_files"]})


@gate("monitoring.view_figures")
def export_download(request, pk: int):
    """The finished file, for its requester only; logged as the direct download is."""
    job = _export_job(request, pk)
    if not job.downloadable:
        raise Http404
    response = stored_file_response(
        job.file, content_type=None,  # guessed from the name: CSV or XLSX
        filename=f"{export_filename_stem(call=job.call, table=job.table)}.{job.file_format}")
    if job.table in WITH_PEOPLE:
        access_record(by=request.user, what=AccessKind.EXPORT,
                      subject=_export_subject(job.call, job.table, job.file_format),
                      path=request.get_full_path())
    return response


@require_POST
@gate("monitoring.view_figures")
def export_retry(request, pk: int):
    job = _export_job(request, pk)
    with refusal_shown(request) as refusal:
        export_job_retry(job=job, by=request.user)
    if not refusal:
        messages.success(request, _("The export has been queued again."))
    return redirect("monitoring:export", pk=job.pk)


# --- API tokens -----------------------------------------------------------------------------

@gate("monitoring.use_api")
def api_tokens(request):
    """HQ staff's own tokens for the read-only API: create one (shown once), revoke."""
    created = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            with refusal_shown(request, form) as refusal:
                _record, created = api_token_create(by=request.user,
                                                    label=form.cleaned_data["label"])
            if not refusal:
                form = ApiTokenForm()
    else:
        form = ApiTokenForm()
    schema = request.build_absolute_uri(reverse("api-v1:openapi-json"))
    return render(request, "monitoring/api_tokens.html", {
        "form": form, "created": created,
        "tokens": ApiToken.objects.filter(user=request.user),
        "api_schema": schema, "api_base": schema.rsplit("/", 1)[0] + "/",
    })


@require_POST
@gate("monitoring.use_api")
def api_token_revoke_view(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token %(prefix)s… no longer works.")
                     % {"prefix": token.prefix})
    return redirect("monitoring:api-tokens")
