"""The award letter section of the application page (sponsorship/letters/_panel.html)."""

from django import template

from sponsorship.letters import letters_for_application

register = template.Library()


@register.simple_tag(takes_context=True)
def award_letters_for(context, application):
    """The application's letters the current user may see (none for reviewers)."""
    return letters_for_application(user=context["user"], application=application)
