"""The open API (django-ninja), versioned in its path: /api/v1/. The OpenAPI document is
at /api/openapi.json and a page that reads it at /api/docs/.

- Public, read-only: the register's awards (organisations that agreed to be listed) and
  the issuer profile. Rate-limited per client address; any site may GET them (CORS,
  settings.CORS_URLS_REGEX).
- Staff, read-only, with a token staff made (Authorization: Bearer km_…) whose scope
  covers the endpoint; every use goes on the audit log."""

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle

from credentials import documents
from credentials import selectors as credential_selectors
from credentials.services.issuing import current_issuer_key
from kitemark.inputs import FIRST_YEAR, LAST_YEAR

from . import selectors
from .models import Scope
from .schemas import (
    ApplicationStatus,
    AwardStatusName,
    LevelCode,
    Problem,
    RegisterAward,
    StaffApplication,
    StaffAward,
)
from .services.tokens import record_use, token_for

PAGE_SIZE = 50


class TokenAuth(HttpBearer):
    """A usable staff token with `scope`; any other token is refused, and each use is
    audited. Unknown, expired and revoked tokens: 401. A token of another scope: 403."""

    openapi_scheme = "bearer"

    def __init__(self, scope):
        self.scope = scope
        super().__init__()

    def authenticate(self, request, token):
        found = token_for(token)
        if found is None:
            return None
        if found.scope != self.scope:
            raise HttpError(403, f"This token's scope is {found.scope}, not {self.scope}.")
        record_use(found, request)
        return found


class PublicThrottle(AnonRateThrottle):
    """settings.API_PUBLIC_RATE per client address (REMOTE_ADDR: NINJA_NUM_PROXIES is 0),
    read on each request so that a changed setting applies at once."""

    scope = "api-public"

    def __init__(self):
        super().__init__(settings.API_PUBLIC_RATE)

    def allow_request(self, request):
        self.rate = settings.API_PUBLIC_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AwardFilters(Schema):
    level: LevelCode | None = None
    status: AwardStatusName | None = None
    year: int | None = None
    name: str | None = None

    def cleaned(self):
        if self.year is not None and not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise HttpError(422, f"year must be from {FIRST_YEAR} to {LAST_YEAR}.")
        return {
            "level": self.level or "",
            "status": self.status or "",
            "year": self.year,
            "name": (self.name or "").strip()[:200],
        }


class ApplicationFilters(Schema):
    status: ApplicationStatus | None = None
    cycle: int | None = None
    level: LevelCode | None = None


api = NinjaAPI(
    title="Co-production Kitemark API",
    version="1",
    description=(
        "The public register of Co-production Kitemark awards, and read-only data for the "
        "participation team's systems. Awards are also signed Open Badges 3.0 credentials."
    ),
    urls_namespace="api_v1",
    docs_url=None,  # the docs page is the site's own (api/views.py: docs)
    openapi_url="/openapi.json",
)

public = Router(tags=["Public register"], throttle=[PublicThrottle()])
staff = Router(tags=["Staff (token)"])


@public.get("/register/awards", response=list[RegisterAward], operation_id="register_awards")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def register_awards(request: HttpRequest, filters: Query[AwardFilters]):
    """Awards of organisations that agreed to be listed on the register, current, expired
    or revoked, in the register's order. Filter by level, status, award year and name."""
    return selectors.register_awards(**filters.cleaned())


@public.get("/issuer", response=dict, operation_id="issuer_profile")
def issuer(request: HttpRequest):
    """The issuer profile of the awards' Open Badges credentials, with its public keys."""
    current_issuer_key()
    return documents.issuer_profile(credential_selectors.published_keys())


@staff.get(
    "/awards",
    response={200: list[StaffAward], 401: Problem, 403: Problem},
    auth=TokenAuth(Scope.REGISTER_READ),
    operation_id="staff_awards",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def staff_awards(request: HttpRequest, filters: Query[AwardFilters]):
    """Every award, listed or not, with its status, the reminders sent about it, its
    yearly check-ins (state, late, sent) and when it was last checked in. Needs a token
    with the scope register:read."""
    return selectors.staff_awards(**filters.cleaned())


@staff.get(
    "/applications",
    response={200: list[StaffApplication], 401: Problem, 403: Problem},
    auth=TokenAuth(Scope.APPLICATIONS_READ),
    operation_id="staff_applications",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def staff_applications(request: HttpRequest, filters: Query[ApplicationFilters]):
    """Every application with its status, level, cycle and dates, newest first.
    Needs a token with the scope applications:read."""
    return selectors.staff_applications(
        status=filters.status or "", cycle=filters.cycle, level=filters.level or ""
    )


api.add_router("/v1/", public)
api.add_router("/v1/", staff)
