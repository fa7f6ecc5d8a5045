from django.shortcuts import render
from django.views.decorators.http import require_GET

from unionreport.accounts.access import require_staff


@require_GET
def home(request):
    """The landing page after login (the dashboard issue replaces it with a page per role)."""
    return render(request, "home.html", {})


@require_GET
def user_list(request):
    require_staff(request.user)
    return render(request, "accounts/user_list.html", {})
