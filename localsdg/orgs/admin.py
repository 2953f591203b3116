"""The admin site, restricted to what a user's memberships allow.

Django's model permissions are not used: every decision goes through ``orgs.permissions``.
``OrgScopedAdmin`` is the base for any model that belongs to an organisation.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from localsdg.orgs import permissions
from localsdg.orgs.forms import URL_FIELD_OPTIONS
from localsdg.orgs.models import Membership, Organisation
from localsdg.orgs.permissions import Action


class MemberLoginForm(AdminAuthenticationForm):
    """Admits members of any organisation, not Django's ``is_staff`` accounts."""

    def confirm_login_allowed(self, user: Any) -> None:
        AuthenticationForm.confirm_login_allowed(self, user)
        if not permissions.has_any_membership(user):
            raise ValidationError(
                _("This account is not a member of any organisation."), code="no_membership"
            )


class LocalSDGAdminSite(admin.AdminSite):
    site_header = _("LocalSDG administration")
    site_title = _("LocalSDG")
    index_title = _("Data you can manage")
    login_form = MemberLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.has_any_membership(request.user)


site = LocalSDGAdminSite(name="admin")


class OrgScopedAdmin(SimpleHistoryAdmin):
    """Admin for a model owned by an organisation, reached through ``org_path``."""

    org_path = "organisation"
    view_action = Action.VIEW_UNPUBLISHED
    edit_action = Action.EDIT_CONTENT

    def org_of(self, obj: Model) -> Organisation | None:
        target: Any = obj
        for part in self.org_path.split("__"):
            target = getattr(target, part, None)
        return target if isinstance(target, Organisation) else None

    def editable_orgs(self, request: HttpRequest) -> QuerySet[Organisation]:
        return permissions.organisations_for(request.user, self.edit_action)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = permissions.organisations_for(request.user, self.view_action)
        queryset: QuerySet[Any] = super().get_queryset(request)
        return queryset.filter(**{f"{self.org_path}__in": visible})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if obj is None:
            return permissions.organisations_for(request.user, self.view_action).exists()
        return permissions.can(request.user, self.view_action, self.org_of(obj))

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if obj is None:
            return self.editable_orgs(request).exists()
        return permissions.can(request.user, self.edit_action, self.org_of(obj))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.editable_orgs(request).exists()

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Organisation and db_field.name == self.org_path:
            kwargs["queryset"] = self.editable_orgs(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        if not permissions.can(request.user, self.edit_action, self.org_of(obj)):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


@admin.register(Organisation, site=site)
class OrganisationAdmin(OrgScopedAdmin):
    edit_action = Action.MANAGE
    list_display = ["name_en", "name_ja", "slug", "kind", "hub", "is_published", "is_sample"]
    formfield_overrides = {models.URLField: URL_FIELD_OPTIONS}
    list_filter = ["kind", "is_published", "hub"]
    search_fields = ["name_en", "name_ja", "slug"]
    superuser_only_fields = ("slug", "hub")

    def org_of(self, obj: Model) -> Organisation | None:
        return obj if isinstance(obj, Organisation) else None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return permissions.organisations_for(request.user, self.view_action)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        if permissions.can_manage_users(request.user):
            return ()
        return self.superuser_only_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_manage_users(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.can_manage_users(request.user)


@admin.register(Membership, site=site)
class MembershipAdmin(OrgScopedAdmin):
    view_action = Action.MANAGE
    edit_action = Action.MANAGE
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "organisation__name_en"]


class NoWritesMixin:
    """For records nobody edits by hand: reference data and the log of data releases."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class SuperuserOnlyMixin:
    """Accounts and groups are instance-wide: only superusers may see or touch them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_manage_users(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.can_manage_users(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.can_manage_users(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_manage_users(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return permissions.can_manage_users(request.user)


@admin.register(User, site=site)
class LocalUserAdmin(SuperuserOnlyMixin, UserAdmin, SimpleHistoryAdmin):  # type: ignore[type-arg]
    pass


@admin.register(Group, site=site)
class LocalGroupAdmin(SuperuserOnlyMixin, GroupAdmin):
    pass
