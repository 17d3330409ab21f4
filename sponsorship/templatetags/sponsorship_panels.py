"""Panels the sponsorship app adds to the application page (applications/detail.html)."""

from django import template

from applications.enums import ApplicationStatus
from sponsorship.selectors import (
    cost_lines_for,
    cost_totals,
    current_decision,
    letters_for_application,
)

register = template.Library()


def _once(application, name: str, read):
    """What `read()` gives, read once per page: the panels of one application page (the
    result first, the cost proposal, the award letters) show the same current decision and
    letters, which the page would otherwise query once per panel. Kept on the application
    object the page renders, which lives as long as the request."""
    memo = application.__dict__.setdefault("_sponsorship_panels", {})
    if name not in memo:
        memo[name] = read()
    return memo[name]


def panel_decision(application):
    return _once(application, "decision", lambda: current_decision(application=application))


def panel_letters(user, application):
    return _once(application, f"letters-{user.pk}",
                 lambda: letters_for_application(user=user, application=application))


@register.inclusion_tag("sponsorship/_application_panel.html", takes_context=True)
def sponsorship_panel(context, application):
    """The cost proposal's totals for anyone who sees the application; approved against
    requested per line for HQ, and for the applicant once the decision is published."""
    user = context["user"]
    shows_decision = user.has_perm("sponsorship.view_decision", application)
    return {
        "application": application, "user": user,
        "totals": cost_totals(application=application), "rate": application.call.eur_rate,
        "decision": panel_decision(application) if shows_decision else None,
        "can_edit_costs": user.has_perm("sponsorship.change_cost_proposal", application),
        "can_decide": user.has_perm("sponsorship.decide"),
    }


@register.inclusion_tag("sponsorship/_result_panel.html", takes_context=True)
def decision_result(context, application):
    """The published result first on the applicant's page: the decision, the approved total
    against the requested one, and the newest award letter's download (issue 29, item 4).
    Nothing for anyone who may not read the decision."""
    user = context["user"]
    if not user.has_perm("sponsorship.view_decision", application):
        return {"shown": False}
    approved = application.status == ApplicationStatus.APPROVED
    letters = panel_letters(user, application)
    return {"shown": True, "application": application,
            "decision": panel_decision(application) if approved else None,
            "letter": letters[0] if letters and approved else None}


@register.inclusion_tag("sponsorship/pdf/_cost_proposal.html")
def cost_proposal_print(application):
    """The cost proposal's lines and totals in the application's PDF."""
    return {"lines": list(cost_lines_for(application=application)),
            "totals": cost_totals(application=application), "rate": application.call.eur_rate}


@register.inclusion_tag("sponsorship/_cost_lines_card.html")
def cost_lines_card(application):
    """Every line of the cost proposal with its total (what the applicant sends)."""
    return cost_proposal_print(application)
