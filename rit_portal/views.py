from django.shortcuts import render


def public_home(request):
    """The public front page: what the programme is, with the open calls."""
    return render(request, "public_home.html")
