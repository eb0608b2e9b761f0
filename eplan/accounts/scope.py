"""The one scope mechanism: what a user may see and do, built from their role assignments.

Every page, export and API endpoint asks here (`organisations_for_user`, `provinces_for_user`,
`users_for_user`, ...) instead of filtering by hand. Objects outside the scope are answered
with 404 by the callers (`organisation_for_user_or_404`).
"""

from django.db.models import Q
from django.http import Http404

from eplan.accounts.models import RoleAssignment, User
from eplan.accounts.roles import GRANTABLE_ROLES, LAO_ROLES, Capability, Role, ScopeKind, roles_with
from eplan.registry.models import District, Organisation, Province, Region

_CACHE_ATTRIBUTE = "_eplan_role_assignments"


def assignments_of(user) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).select_related("organisation", "district", "province", "region")
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_assignments(user):
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _manager_assignments(user, capability):
    """Assignments giving a capability. An organisation's primary account manages the
    accounts of its own organisation, as the single account of the 2018 system did."""
    roles = roles_with(capability)
    found = [assignment for assignment in assignments_of(user) if assignment.role in roles]
    if (
        capability == Capability.MANAGE_ACCOUNTS
        and getattr(user, "is_authenticated", False)
        and user.primary_organisation_id
    ):
        found.append(RoleAssignment(user=user, role=Role.LAO_EXECUTIVE, organisation=user.primary_organisation))
    return found


def is_national(user, capability=Capability.VIEW) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(a.scope_kind == ScopeKind.NATIONAL for a in _manager_assignments(user, capability))


def _organisation_condition(assignment) -> Q:
    kind = assignment.scope_kind
    if kind == ScopeKind.ORGANISATION:
        return Q(pk=assignment.organisation_id)
    if kind == ScopeKind.DISTRICT:
        return Q(district_id=assignment.district_id)
    if kind == ScopeKind.PROVINCE:
        return Q(province_id=assignment.province_id)
    if kind == ScopeKind.REGION:
        return Q(province__region_id=assignment.region_id)
    return Q()


def organisations_for_user(user, capability=Capability.VIEW):
    """Organisations in which the user holds the capability."""
    if is_national(user, capability):
        return Organisation.objects.all()
    assignments = _manager_assignments(user, capability)
    if not assignments:
        return Organisation.objects.none()
    condition = Q()
    for assignment in assignments:
        condition |= _organisation_condition(assignment)
    return Organisation.objects.filter(condition)


def organisation_for_user_or_404(user, code, capability=Capability.VIEW) -> Organisation:
    try:
        return organisations_for_user(user, capability).select_related("province", "district").get(code=code)
    except Organisation.DoesNotExist:
        raise Http404 from None


def _province_codes(assignment) -> Q:
    kind = assignment.scope_kind
    if kind == ScopeKind.ORGANISATION:
        return Q(code=assignment.organisation.province_id)
    if kind == ScopeKind.DISTRICT:
        return Q(code=assignment.district.province_id)
    if kind == ScopeKind.PROVINCE:
        return Q(code=assignment.province_id)
    if kind == ScopeKind.REGION:
        return Q(region_id=assignment.region_id)
    return Q()


def provinces_for_user(user, capability=Capability.VIEW):
    """Provinces the user works in (wholly or in part)."""
    if is_national(user, capability):
        return Province.objects.all()
    assignments = _manager_assignments(user, capability)
    if not assignments:
        return Province.objects.none()
    condition = Q()
    for assignment in assignments:
        condition |= _province_codes(assignment)
    return Province.objects.filter(condition)


def districts_for_user(user, capability=Capability.VIEW):
    """Districts in which the user sees at least one organisation."""
    if is_national(user, capability):
        return District.objects.all()
    return District.objects.filter(pk__in=organisations_for_user(user, capability).values("district_id"))


def has_capability(user, capability, organisation=None) -> bool:
    """Whether the user holds the capability anywhere, or for one organisation."""
    if organisation is None:
        return is_national(user, capability) or bool(_manager_assignments(user, capability))
    return organisations_for_user(user, capability).filter(pk=organisation.pk).exists()


def lao_organisations_of(user):
    """Organisations the user works for as LAO staff (officer, executive, primary account)."""
    ids = {a.organisation_id for a in assignments_of(user) if a.role in LAO_ROLES}
    if getattr(user, "primary_organisation_id", None):
        ids.add(user.primary_organisation_id)
    return Organisation.objects.filter(pk__in=ids).select_related("province", "district")


# --- account management ---------------------------------------------------------------


def _assignment_condition(manager) -> Q:
    """Role assignments a manager's assignment could have granted."""
    grantable = GRANTABLE_ROLES.get(Role(manager.role), set())
    kind = manager.scope_kind
    if kind == ScopeKind.NATIONAL:
        where = Q()
    elif kind == ScopeKind.REGION:
        region = manager.region_id
        where = (
            Q(organisation__province__region_id=region)
            | Q(district__province__region_id=region)
            | Q(province__region_id=region)
        )
    elif kind == ScopeKind.PROVINCE:
        province = manager.province_id
        where = Q(organisation__province_id=province) | Q(district__province_id=province) | Q(province_id=province)
    elif kind == ScopeKind.ORGANISATION:
        where = Q(organisation_id=manager.organisation_id)
    else:
        return Q(pk__in=[])
    return Q(role__in=grantable) & where


def users_for_user(actor):
    """Accounts the actor may manage: every role the account holds is one the actor could
    grant in the actor's own scope. Only national administrators see accounts with no role."""
    if is_national(actor, Capability.MANAGE_ACCOUNTS):
        return User.objects.exclude(pk=actor.pk)
    managers = _manager_assignments(actor, Capability.MANAGE_ACCOUNTS)
    if not managers:
        return User.objects.none()
    inside = Q(pk__in=[])
    for manager in managers:
        inside |= _assignment_condition(manager)
    granted_inside = RoleAssignment.objects.filter(inside).values("user_id")
    granted_outside = RoleAssignment.objects.exclude(inside).values("user_id")
    return (
        User.objects.filter(pk__in=granted_inside)
        .exclude(pk__in=granted_outside)
        .exclude(pk=actor.pk)
        .exclude(is_superuser=True)
    )


def user_for_user_or_404(actor, pk) -> User:
    try:
        return users_for_user(actor).get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None


def _covers(manager, *, organisation=None, district=None, province=None, region=None, national=False) -> bool:
    kind = manager.scope_kind
    if kind == ScopeKind.NATIONAL:
        return True
    if national or region is not None:
        return False
    if kind == ScopeKind.REGION:
        if organisation is not None:
            return organisation.province.region_id == manager.region_id
        if district is not None:
            return district.province.region_id == manager.region_id
        return province is not None and province.region_id == manager.region_id
    if kind == ScopeKind.PROVINCE:
        if organisation is not None:
            return organisation.province_id == manager.province_id
        if district is not None:
            return district.province_id == manager.province_id
        return province is not None and province.code == manager.province_id
    if kind == ScopeKind.ORGANISATION:
        return organisation is not None and organisation.pk == manager.organisation_id
    return False


def can_grant(actor, role, *, organisation=None, district=None, province=None, region=None) -> bool:
    """Whether the actor may give `role` with this scope to an account."""
    if getattr(actor, "is_superuser", False) and actor.is_active:
        return True
    national = not any((organisation, district, province, region))
    for manager in _manager_assignments(actor, Capability.MANAGE_ACCOUNTS):
        if role in GRANTABLE_ROLES.get(Role(manager.role), set()) and _covers(
            manager, organisation=organisation, district=district, province=province, region=region, national=national
        ):
            return True
    return False


def grantable_roles(actor) -> list:
    if getattr(actor, "is_superuser", False):
        return list(Role)
    roles = set()
    for manager in _manager_assignments(actor, Capability.MANAGE_ACCOUNTS):
        roles |= GRANTABLE_ROLES.get(Role(manager.role), set())
    return [role for role in Role if role in roles]


def regions_for_user(user, capability=Capability.VIEW):
    if is_national(user, capability):
        return Region.objects.all()
    ids = {a.region_id for a in _manager_assignments(user, capability) if a.region_id}
    return Region.objects.filter(pk__in=ids)
