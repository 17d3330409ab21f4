"""Bare views for the page benchmark (bench/pages.py): for each main page, the rows that
page shows, read with ONE hand-written SQL query and rendered as a plain table through
the same Django template engine. The ratio page ÷ bare view says what the portal's own
layers (ORM, permissions, forms, layout, navigation) cost on top of reading and printing
the same rows. Reached only through bench/urls.py (bench/settings.py), for HQ staff or the
user whose rows they are; never part of the portal.

Query string: `call`, `application`, `limit` and `offset` (the page's rows), `status`
(the board's filter), `sort` (`value`: the board sorted by mean value).
"""

import csv

from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.template import engines

TABLE = engines["django"].from_string(
    "<!DOCTYPE html><html lang=\"{{ LANGUAGE_CODE|default:'ja' }}\"><head><meta charset=\"utf-8\">"
    "<title>{{ page }}</title></head><body><main><h1>{{ page }}</h1>"
    "<table><thead><tr>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr></thead><tbody>"
    "{% for row in rows %}<tr>{% for v in row %}<td>{{ v|default_if_none:'' }}</td>"
    "{% endfor %}</tr>{% endfor %}</tbody></table></main></body></html>")

# The board's rows with the scores stored with the reviews (reviews_scoretally, kept by the
# review services), as the board reads them.
_BOARD = """
SELECT a.reference, a.title_ja, a.status, s.name_ja, r.name_en,
       round(t.c1_sum::numeric / nullif(t.c1_count, 0), 2),
       round(t.c2_sum::numeric / nullif(t.c2_count, 0), 2),
       round(t.c3_sum::numeric / nullif(t.c3_count, 0), 2),
       round(t.value_mean, 2),
       greatest(t.c1_high - t.c1_low, t.c2_high - t.c2_low, t.c3_high - t.c3_low),
       (SELECT sum(l.total) FROM sponsorship_costline l WHERE l.application_id = a.id),
       (SELECT d.approved_total FROM sponsorship_sponsorshipdecision d
         WHERE d.application_id = a.id AND d.is_current),
       count(*) OVER () AS rows_in_call
FROM applications_application a
JOIN regions_sector s ON s.id = a.sector_id
JOIN regions_partnerregion r ON r.id = a.partner_region_id
LEFT JOIN reviews_scoretally t ON t.application_id = a.id
WHERE a.call_id = %(call)s AND a.status <> 'draft' {status_filter}
ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s"""

# The same rows with every submitted review aggregated on each request, as the board read
# them before the scores were stored (bench/aggregates.py measures both).
BOARD_AGGREGATED = """
SELECT a.reference, a.title_ja, a.status, s.name_ja, r.name_en,
       round(avg(v.c1_score), 2), round(avg(v.c2_score), 2), round(avg(v.c3_score), 2),
       round(avg(v.value_score), 2), round(stddev_pop(v.value_score), 2),
       (SELECT sum(l.total) FROM sponsorship_costline l WHERE l.application_id = a.id),
       (SELECT d.approved_total FROM sponsorship_sponsorshipdecision d
         WHERE d.application_id = a.id AND d.is_current),
       count(*) OVER () AS rows_in_call
FROM applications_application a
JOIN regions_sector s ON s.id = a.sector_id
JOIN regions_partnerregion r ON r.id = a.partner_region_id
LEFT JOIN reviews_reviewassignment ra ON ra.application_id = a.id
LEFT JOIN reviews_review v ON v.assignment_id = ra.id AND v.status = 'submitted'
WHERE a.call_id = %(call)s AND a.status <> 'draft' {status_filter}
GROUP BY a.id, s.name_ja, r.name_en
ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s"""

# page: (SQL, column names). Parameters: call, application, user, limit, offset, status.
PAGES = {
    "applicant-home": ("""
        SELECT a.reference, a.title_ja, a.status, c.title_ja, a.submitted_at
        FROM applications_application a JOIN applications_call c ON c.id = a.call_id
        WHERE a.organisation_id = (SELECT organisation_id FROM accounts_user WHERE id = %(user)s)
        ORDER BY c.fiscal_year DESC, a.id""",
        ["reference", "title", "status", "call", "submitted"]),
    "application": ("""
        SELECT a.reference, a.title_ja, a.status, a.cooperation_summary,
               a.c2_industry_development, a.c2_new_products, a.c2_business_tieups,
               m.name, m.industry, m.capital_yen, m.employees
        FROM applications_application a
        LEFT JOIN applications_consortiummember m ON m.application_id = a.id
        WHERE a.id = %(application)s ORDER BY m.position""",
        ["reference", "title", "status", "plan", "C2 industry", "C2 products", "C2 tie-ups",
         "firm", "industry", "capital", "employees"]),
    "cost-proposal": ("""
        SELECT year, activity, category, description, quantity, unit, unit_cost, total,
               sum(total) OVER () FROM sponsorship_costline
        WHERE application_id = %(application)s ORDER BY year, position, id""",
        ["year", "activity", "category", "description", "quantity", "unit", "unit cost",
         "total", "requested"]),
    "reviewer-home": ("""
        SELECT a.reference, a.title_ja, c.title_ja, ra.conflict_status, v.status,
               c.review_deadline
        FROM reviews_reviewassignment ra
        JOIN applications_application a ON a.id = ra.application_id
        JOIN applications_call c ON c.id = a.call_id
        LEFT JOIN reviews_review v ON v.assignment_id = ra.id
        WHERE ra.reviewer_id = %(user)s AND (v.status IS DISTINCT FROM 'submitted')
        ORDER BY c.review_deadline, a.reference LIMIT %(limit)s OFFSET %(offset)s""",
        ["reference", "title", "call", "conflict", "review", "deadline"]),
    "review": ("""
        SELECT a.reference, a.title_ja, a.cooperation_summary, a.c2_industry_development,
               a.c2_new_products, a.c2_business_tieups, v.c1_score, v.c1_comment, v.c2_score,
               v.c2_comment, v.c3_score, v.c3_comment, v.value_score, v.value_comment
        FROM applications_application a
        JOIN reviews_reviewassignment ra ON ra.application_id = a.id AND ra.reviewer_id = %(user)s
        LEFT JOIN reviews_review v ON v.assignment_id = ra.id
        WHERE a.id = %(application)s""",
        ["reference", "title", "plan", "C2 industry", "C2 products", "C2 tie-ups", "C1",
         "comment", "C2", "comment", "C3", "comment", "value", "comment"]),
    "board": (_BOARD.format(status_filter="", order="a.reference"), None),
    "board-filtered": (_BOARD.format(status_filter="AND a.status = %(status)s",
                                     order="a.reference"), None),
    "board-by-value": (_BOARD.format(status_filter="",
                                     order="t.value_mean DESC NULLS LAST, a.reference"),
                       None),
    "assignments": ("""
        SELECT a.reference, a.title_ja, r.name_en,
               string_agg(u.last_name || ' ' || u.first_name, ', ' ORDER BY u.id),
               count(ra.id)
        FROM applications_application a
        JOIN regions_partnerregion r ON r.id = a.partner_region_id
        LEFT JOIN reviews_reviewassignment ra ON ra.application_id = a.id
        LEFT JOIN accounts_user u ON u.id = ra.reviewer_id
        WHERE a.call_id = %(call)s AND a.status <> 'draft'
        GROUP BY a.id, r.name_en ORDER BY a.reference LIMIT %(limit)s OFFSET %(offset)s""",
        ["reference", "title", "partner region", "reviewers", "assigned"]),
    "decisions": ("""
        SELECT a.reference, a.title_ja, a.status, d.mode, d.requested_total, d.approved_total,
               (SELECT sum(l.total) FROM sponsorship_costline l WHERE l.application_id = a.id)
        FROM applications_application a
        LEFT JOIN sponsorship_sponsorshipdecision d ON d.application_id = a.id AND d.is_current
        WHERE a.call_id = %(call)s AND a.status IN ('eligible', 'approved', 'waitlisted')
        ORDER BY a.reference LIMIT %(limit)s OFFSET %(offset)s""",
        ["reference", "title", "status", "level", "requested", "approved", "cost lines"]),
    "letters": ("""
        SELECT c.title_ja, count(l.id),
               count(l.id) FILTER (WHERE l.status = 'ready'),
               count(l.id) FILTER (WHERE l.status = 'failed')
        FROM applications_call c
        JOIN applications_application a ON a.call_id = c.id
        JOIN sponsorship_sponsorshipdecision d ON d.application_id = a.id
        JOIN sponsorship_awardletter l ON l.decision_id = d.id
        GROUP BY c.id ORDER BY c.fiscal_year DESC""",
        ["call", "letters", "ready", "failed"]),
    "call-letters": ("""
        SELECT a.reference, o.name_ja, d.version, l.status, l.language, l.size, l.emailed_at
        FROM sponsorship_awardletter l
        JOIN sponsorship_sponsorshipdecision d ON d.id = l.decision_id
        JOIN applications_application a ON a.id = d.application_id
        JOIN accounts_applicantorganisation o ON o.id = a.organisation_id
        WHERE a.call_id = %(call)s
        ORDER BY a.reference, a.id, d.version DESC LIMIT %(limit)s OFFSET %(offset)s""",
        ["reference", "organisation", "version", "status", "language", "size", "e-mailed"]),
    "dashboard": ("""
        SELECT c.fiscal_year, count(*) FILTER (WHERE a.status <> 'draft'),
               count(*) FILTER (WHERE a.status IN ('eligible', 'approved', 'waitlisted',
                                                   'rejected')),
               count(*) FILTER (WHERE a.status = 'approved'),
               (SELECT sum(p.approved_total) FROM projects_project p
                 WHERE p.first_fiscal_year = c.fiscal_year),
               (SELECT sum(sl.amount) FROM projects_spendline sl
                  JOIN projects_progressreport pr ON pr.id = sl.report_id
                  JOIN projects_projectyear py ON py.id = pr.project_year_id
                 WHERE py.fiscal_year = c.fiscal_year)
        FROM applications_call c JOIN applications_application a ON a.call_id = c.id
        GROUP BY c.id ORDER BY c.fiscal_year""",
        ["fiscal year", "received", "eligible", "approved", "approved yen", "spent yen"]),
    "projects": ("""
        SELECT a.reference, a.title_ja, o.name_ja, p.first_fiscal_year, p.duration_years,
               p.approved_total, p.status
        FROM projects_project p JOIN applications_application a ON a.id = p.application_id
        JOIN accounts_applicantorganisation o ON o.id = p.organisation_id
        ORDER BY p.first_fiscal_year DESC, a.reference LIMIT %(limit)s OFFSET %(offset)s""",
        ["reference", "title", "organisation", "first FY", "years", "approved", "status"]),
    "project": ("""
        SELECT a.reference, a.title_ja, y.number, y.fiscal_year, y.report_due_on, r.status,
               (SELECT sum(al.approved_amount) FROM projects_approvedline al
                 WHERE al.project_year_id = y.id)
        FROM projects_project p JOIN applications_application a ON a.id = p.application_id
        JOIN projects_projectyear y ON y.project_id = p.id
        LEFT JOIN projects_progressreport r ON r.project_year_id = y.id
        WHERE p.application_id = %(application)s ORDER BY y.number""",
        ["reference", "title", "year", "fiscal year", "due", "report", "approved"]),
    "reports": ("""
        SELECT a.reference, a.title_ja, y.number, y.fiscal_year, y.report_due_on, r.status,
               r.submitted_at
        FROM projects_progressreport r JOIN projects_projectyear y ON y.id = r.project_year_id
        JOIN projects_project p ON p.id = y.project_id
        JOIN applications_application a ON a.id = p.application_id
        ORDER BY y.report_due_on, p.id LIMIT %(limit)s OFFSET %(offset)s""",
        ["reference", "title", "year", "fiscal year", "due", "status", "submitted"]),
}
BOARD_COLUMNS = ["reference", "title", "status", "sector", "partner region", "C1", "C2", "C3",
                 "value", "spread", "requested", "approved", "rows in call"]
EXPORT_SQL = """
    SELECT a.reference, a.title_ja, a.title_en, a.status, o.name_ja, s.name_ja, r.name_en,
           a.submitted_at,
           (SELECT count(*) FROM applications_consortiummember m WHERE m.application_id = a.id),
           (SELECT sum(l.total) FROM sponsorship_costline l WHERE l.application_id = a.id),
           (SELECT d.approved_total FROM sponsorship_sponsorshipdecision d
             WHERE d.application_id = a.id AND d.is_current)
    FROM applications_application a
    JOIN accounts_applicantorganisation o ON o.id = a.organisation_id
    LEFT JOIN regions_sector s ON s.id = a.sector_id
    LEFT JOIN regions_partnerregion r ON r.id = a.partner_region_id
    WHERE a.call_id = %(call)s AND a.status <> 'draft' ORDER BY a.reference"""


def _params(request) -> dict:
    def number(name: str, default):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else default

    return {"call": number("call", 0), "application": number("application", 0),
            "user": request.user.pk, "limit": number("limit", None),
            "offset": number("offset", 0), "status": request.GET.get("status", "")}


def bare_page(request, page: str):
    """One page's rows from one SQL query, as a table (or the call's export, as CSV)."""
    if not request.user.is_authenticated:
        raise Http404
    from django.db import connection

    params = _params(request)
    if page == "export":
        cursor = connection.cursor()
        cursor.execute(EXPORT_SQL, params)
        return StreamingHttpResponse(_csv_rows(cursor), content_type="text/csv")
    if page not in PAGES:
        raise Http404
    sql, columns = PAGES[page]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # No request: no context processors, so the page's one query stays the only one.
    return HttpResponse(TABLE.render({"page": page, "columns": columns or BOARD_COLUMNS,
                                      "rows": rows}))


class _Echo:
    def write(self, value):
        return value


def _csv_rows(cursor):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([d.name for d in cursor.description])
    while rows := cursor.fetchmany(1000):
        yield "".join(writer.writerow(row) for row in rows)
    cursor.close()


def query_count(request, bench_id: str):
    """The query count a streamed response left in the cache (bench/middleware.py)."""
    if not request.user.is_authenticated:
        raise Http404
    return JsonResponse({"queries": cache.get(f"bench-queries-{bench_id}")})
