"""The bell in the navigation bar: the signed-in user's unread notifications (one query, only when drawn)."""

from django.utils.functional import SimpleLazyObject

from unionreport.notifications.selectors import unread_count


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell_unread": SimpleLazyObject(lambda: unread_count(user))}
