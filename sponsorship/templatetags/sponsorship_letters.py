"""The award letter section of the application page (sponsorship/letters/_panel.html) and
the retry rule on HQ's letters page."""

from django import template

from sponsorship.letters import letter_downloadable, letter_is_stale, letter_retryable

from .sponsorship_panels import panel_letters

register = template.Library()


@register.simple_tag(takes_context=True)
def award_letters_for(context, application):
    """The application's letters the current user may see (none for reviewers)."""
    return panel_letters(context["user"], application)


@register.filter
def downloadable(letter) -> bool:
    """What the letter's status permits: its download link (sponsorship.letters)."""
    return letter_downloadable(letter)


@register.filter
def retryable(letter) -> bool:
    return letter_retryable(letter)


@register.filter
def stale(letter) -> bool:
    return letter_is_stale(letter)
