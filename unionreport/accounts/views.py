"""Sign-in and the users pages (thin: parse, call a selector or service, render)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from unionreport.accounts import selectors, services
from unionreport.accounts.access import require_staff, visible_or_404
from unionreport.accounts.forms import PasswordForm, UserCreateForm, UserEditForm, UserFilter
from unionreport.accounts.models import User
from unionreport.accounts.tables import UserTable
from unionreport.units.selectors import heirs


@require_GET
def user_list(request):
    require_staff(request.user)
    users = selectors.users_for(actor=request.user)
    filterset = UserFilter(request.GET or None, queryset=users, units=selectors.units_with_users(actor=request.user))
    table = UserTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "accounts/user_list.html", {"filter": filterset, "table": table})


def _add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _posted(request):
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def user_create(request):
    require_staff(request.user)
    form = UserCreateForm(_posted(request), units=selectors.assignable_units())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(actor=request.user, password=data["password1"], data=services.UserData(
                username=data["username"], full_name=data["full_name"], role=data["role"], unit=data["unit"],
                email=data["email"], phone=data["phone"]))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Đã tạo tài khoản {user.username}.")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "title": "Thêm người dùng"})


@require_http_methods(["GET", "POST"])
def user_edit(request, pk):
    require_staff(request.user)
    user = visible_or_404(request.user, User.objects.select_related("unit"), pk=pk)
    initial = {"full_name": user.get_full_name(), "email": user.email, "phone": user.phone, "role": user.role,
               "unit": user.unit_id, "is_active": user.is_active}
    form = UserEditForm(_posted(request), initial=initial, units=selectors.assignable_units())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(actor=request.user, user=user, role=data["role"], unit=data["unit"],
                                 is_active=data["is_active"], full_name=data["full_name"], email=data["email"],
                                 phone=data["phone"])
        except ValidationError as error:
            user.refresh_from_db()
            _add_errors(form, error)
        else:
            messages.success(request, f"Đã cập nhật tài khoản {user.username}.")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "subject": user,
                                                       "title": f"Sửa tài khoản {user.username}"})


@require_http_methods(["GET", "POST"])
def user_password(request, pk):
    require_staff(request.user)
    user = visible_or_404(request.user, User.objects.select_related("unit"), pk=pk)
    form = PasswordForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(actor=request.user, user=user, password=form.cleaned_data["password1"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Đã đặt mật khẩu mới cho {user.username}.")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "subject": user,
                                                       "title": f"Đặt mật khẩu mới cho {user.username}"})


@require_GET
def account_review(request):
    """Staff: accounts of closed units (move or turn off), open unions without an officer."""
    require_staff(request.user)
    today = timezone.localdate()
    closed = list(selectors.accounts_of_closed_units(actor=request.user, today=today))
    heirs_of = {unit.pk: heirs(unit) for unit in {user.unit for user in closed}}
    return render(request, "accounts/account_review.html", {
        "closed": [(user, heirs_of[user.unit_id]) for user in closed],
        "without": selectors.units_without_officer(actor=request.user, today=today),
    })
