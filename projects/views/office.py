"""The pages of an office in Japan's staff: the activities their office follows (those it
co-organises and those of its prefectures' organisations) and their travellers' dates.
Another office's activity is a 404 (selectors.office_activity_for_user)."""

from django.shortcuts import render

from rit_portal.gates import gate
from rit_portal.pagination import paginate

from ..selectors import office_activity_for_user, office_upcoming_activities, travel_dates


@gate("projects.follow_office_activities")
def office_activity_list(request):
    """The office's upcoming activities, soonest first."""
    return render(request, "projects/office/activities.html", {
        "page": paginate(office_upcoming_activities(user=request.user), params=request.GET)})


@gate("projects.follow_office_activities", lookup=office_activity_for_user)
def office_activity(request, activity):
    """One activity: where and when, the project, and its travellers' dates."""
    return render(request, "projects/office/activity.html", {
        "activity": activity, "project": activity.project_year.project,
        "travellers": travel_dates(activity=activity)})
