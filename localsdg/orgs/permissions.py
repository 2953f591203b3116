"""Every permission decision in LocalSDG, in one place. Deny by default.

Rules:
- superusers may do everything;
- a member of an organisation may read its unpublished data (any role);
- editors and admins may edit its content; only admins may manage its profile settings and
  memberships;
- an admin of a hub may read (not edit) the unpublished data of the hub's member organisations;
- anything else, including any action this module does not know, is denied.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, TypeGuard

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from localsdg.orgs.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
    from django.db.models import QuerySet
    from django.http import HttpRequest

    AnyUser = AbstractBaseUser | AnonymousUser


class Action(StrEnum):
    VIEW_UNPUBLISHED = "view_unpublished"
    EDIT_CONTENT = "edit_content"
    MANAGE = "manage"


ROLES_FOR_ACTION: dict[Action, frozenset[str]] = {
    Action.VIEW_UNPUBLISHED: frozenset({Role.ADMIN, Role.EDITOR, Role.VIEWER}),
    Action.EDIT_CONTENT: frozenset({Role.ADMIN, Role.EDITOR}),
    Action.MANAGE: frozenset({Role.ADMIN}),
}

HUB_ADMIN_ACTIONS = frozenset({Action.VIEW_UNPUBLISHED})


def _active(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def role_in(user: AnyUser | None, org: Organisation) -> str | None:
    if not _active(user) or org.pk is None:
        return None
    membership = Membership.objects.filter(user=user, organisation=org).only("role").first()
    return membership.role if membership else None


def can(user: AnyUser | None, action: Action | str, org: Organisation | None) -> bool:
    """May ``user`` do ``action`` on ``org``? Unknown actions and missing objects are denied."""
    if not _active(user) or org is None:
        return False
    try:
        action = Action(action)
    except ValueError:
        return False
    if getattr(user, "is_superuser", False):
        return True
    role = role_in(user, org)
    if role in ROLES_FOR_ACTION[action]:
        return True
    if action in HUB_ADMIN_ACTIONS and org.hub_id is not None and org.hub is not None:
        return role_in(user, org.hub) == Role.ADMIN
    return False


def organisations_for(user: AnyUser | None, action: Action | str) -> QuerySet[Organisation]:
    """The organisations on which ``user`` may do ``action``, as one query."""
    if not _active(user):
        return Organisation.objects.none()
    try:
        action = Action(action)
    except ValueError:
        return Organisation.objects.none()
    if getattr(user, "is_superuser", False):
        return Organisation.objects.all()
    roles = ROLES_FOR_ACTION[action]
    direct = Organisation.objects.filter(memberships__user=user, memberships__role__in=roles)
    if action not in HUB_ADMIN_ACTIONS:
        return direct.distinct()
    via_hub = Organisation.objects.filter(
        hub__memberships__user=user, hub__memberships__role=Role.ADMIN
    )
    return (direct | via_hub).distinct()


def organisation_for(user: AnyUser | None, slug: str, action: Action) -> Organisation:
    """The organisation, if ``user`` may do ``action`` on it, for views.

    An organisation the user may not even see answers 404, as if it did not exist; one they can
    see but not act on answers 403.
    """
    org = Organisation.objects.select_related("hub").filter(slug=slug).first()
    if org is None or not can(user, Action.VIEW_UNPUBLISHED, org):
        raise Http404(_("There is no organisation with this name that you can see."))
    if not can(user, action, org):
        raise PermissionDenied
    return org


def has_any_membership(user: AnyUser | None) -> bool:
    if not _active(user):
        return False
    return (
        bool(getattr(user, "is_superuser", False)) or Membership.objects.filter(user=user).exists()
    )


def can_manage_users(user: AnyUser | None) -> bool:
    """Accounts are instance-wide, so only superusers create or edit them."""
    return _active(user) and bool(getattr(user, "is_superuser", False))


def can_manage_api_keys(user: AnyUser | None, org: Organisation | None) -> bool:
    """An API key writes data without a person signing in, so only the organisation's
    administrators (and superusers) may create, see or revoke its keys."""
    return can(user, Action.MANAGE, org)


def editable(request: HttpRequest, org: Organisation) -> bool:
    """Whether the request's user may change ``org``'s content; a POST by one who may only read
    is refused, so an editing view shows its screen read-only or saves, never both."""
    allowed = can(request.user, Action.EDIT_CONTENT, org)
    if request.method == "POST" and not allowed:
        raise PermissionDenied
    return allowed
