"""The permission matrix: every named URL pattern, who may open it, and what others get.

Each entry says how to build the URL's kwargs for the "own" object (organisation
A's, the application panel member Amaya is seated on, the panels staff Sam
facilitates) and for the "other" object (organisation B's), and the status each
role must get. A status may be one value (the same for own and other) or a pair
(own, other).

LOGIN means a 302 whose Location starts with /accounts/login/.
POST-only endpoints: a GET is 405 for signed-in users (nothing is revealed or
done); for anonymous users login_required answers first (302 to login). They
also list `post`: what a role that must NOT act gets when it POSTs (the
permission check must come before any change); allowed roles are not posted
(that would change the shared world), their behaviour is tested in each app.
"""

from dataclasses import dataclass, field

from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

LOGIN = "login"
ROLES = (
    "anonymous",
    "organisation",
    "other_organisation",
    "panel_assigned",
    "panel_unassigned",
    "staff",
    "superuser",
)
VARIANTS = ("own", "other")


@dataclass
class Entry:
    kwargs: object = None  # callable(side) -> dict, or None for patterns without kwargs
    expect: dict = field(default_factory=dict)  # role -> status | (own, other)
    post: dict = field(default_factory=dict)  # role -> status for a refused POST

    @property
    def variants(self):
        return VARIANTS if self.kwargs else ("own",)

    def expected(self, role, variant, method="GET"):
        table = self.expect if method == "GET" else self.post
        value = table[role]
        if isinstance(value, tuple):
            return value[0] if variant == "own" else value[1]
        return value


def roles(default=None, **given):
    """A full role -> status table; `default` fills the roles not given."""
    table = {role: default for role in ROLES}
    table.update(given)
    missing = [role for role, value in table.items() if value is None]
    assert not missing, f"no expectation for {missing}"
    return table


PUBLIC = roles(200)
SIGNED_IN = roles(200, anonymous=LOGIN)
STAFF_ONLY = roles(403, anonymous=LOGIN, staff=200, superuser=200)
STAFF_POST_ONLY = roles(403, anonymous=LOGIN, staff=405, superuser=405)
# What a role that may not act gets when it POSTs to a staff endpoint.
STAFF_POST_REFUSED = {
    "anonymous": LOGIN,
    "organisation": 403,
    "other_organisation": 403,
    "panel_assigned": 403,
    "panel_unassigned": 403,
}
# Pages of one organisation: its members only. Staff may look (view) but not act.
ORG_OWN = {"organisation": (200, 404), "other_organisation": (404, 200)}
ORG_NOBODY_ELSE = dict(anonymous=LOGIN, panel_assigned=404, panel_unassigned=404)
# POST-only endpoints of an organisation's object: signed-in GET is 405.
ORG_POST_ONLY = roles(405, anonymous=LOGIN)
# Staff can see an application (so 403, not 404) but do not act for the organisation.
# The superuser holds every permission (Django's PermissionsMixin.has_perm short-cuts
# the rules for active superusers), so the superuser is an allowed role (not posted).
ORG_POST_REFUSED = {
    "anonymous": LOGIN,
    "organisation": (None, 404),
    "other_organisation": (404, None),
    "panel_assigned": 404,
    "panel_unassigned": 404,
    "staff": 403,
}
# The superuser holds every permission, so pages gated by a rule open for it.
SU = 200


def uid(side):
    return urlsafe_base64_encode(force_bytes(side.org_user.pk))


def app(attr):
    return lambda s: {"pk": getattr(s, attr).pk}


def first_indicator_id(application):
    return application.level.indicators.order_by("order").first().pk


def training():
    return lambda s: {"pk": s.training_session.pk}


def link(booking, purpose):
    from training.links import token

    return token(booking, purpose)


def member(index=0):
    return lambda s: {"member_id": s.members[index].pk}


MATRIX = {
    # --- project ---------------------------------------------------------------
    "health": Entry(expect=PUBLIC),
    # Prometheus's scrape: not found without the metrics token (tests/operations).
    "operations:metrics": Entry(expect=roles(404)),
    "public:home": Entry(expect=PUBLIC),
    "public:accessibility": Entry(expect=PUBLIC),
    # --- accounts --------------------------------------------------------------
    # Signed-in users are sent to their own home page.
    "accounts:home": Entry(expect=roles(302, anonymous=LOGIN)),
    "accounts:login": Entry(expect=roles(302, anonymous=200)),
    # Django 5 logs out by POST only.
    "accounts:logout": Entry(expect=roles(405)),
    "accounts:signup": Entry(expect=roles(302, anonymous=200)),
    # A bad token: a polite "this link does not work" page (400), never a sign-in.
    "accounts:verify_email": Entry(
        kwargs=lambda s: {"uidb64": uid(s), "token": "bad-token"}, expect=roles(400)
    ),
    "accounts:password_reset": Entry(expect=PUBLIC),
    "accounts:password_reset_done": Entry(expect=PUBLIC),
    "accounts:password_reset_confirm": Entry(
        kwargs=lambda s: {"uidb64": uid(s), "token": "bad-token"}, expect=PUBLIC
    ),
    "accounts:password_reset_complete": Entry(expect=PUBLIC),
    "accounts:password_change": Entry(expect=SIGNED_IN),
    "accounts:password_change_done": Entry(expect=SIGNED_IN),
    # Single sign-on is off unless OIDC_ISSUER is set: its pages do not exist.
    "accounts:sso_start": Entry(expect=roles(404)),
    "accounts:sso_callback": Entry(expect=roles(404)),
    # Two-factor is for staff, superusers and admin accounts. Without an app set up, the
    # check and the backup codes send them to set one up.
    "accounts:two_factor_setup": Entry(
        expect=roles(403, anonymous=LOGIN, staff=200, superuser=200)
    ),
    "accounts:two_factor_verify": Entry(
        expect=roles(403, anonymous=LOGIN, staff=302, superuser=302)
    ),
    "accounts:two_factor_backup_codes": Entry(
        expect=roles(403, anonymous=LOGIN, staff=302, superuser=302)
    ),
    # --- organisations -----------------------------------------------------------
    "portal:dashboard": Entry(
        expect=roles(302, anonymous=LOGIN, organisation=200, other_organisation=200)
    ),
    "organisations:switch": Entry(expect=roles(405, anonymous=LOGIN)),
    "organisations:register": Entry(
        expect=roles(403, anonymous=LOGIN, organisation=200, other_organisation=200)
    ),
    "organisations:detail": Entry(
        kwargs=lambda s: {"pk": s.organisation.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=200, superuser=200),
    ),
    "organisations:edit": Entry(
        kwargs=lambda s: {"pk": s.organisation.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=403, superuser=403),
    ),
    "organisations:members": Entry(
        kwargs=lambda s: {"pk": s.organisation.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=200, superuser=200),
    ),
    "organisations:invite": Entry(
        kwargs=lambda s: {"pk": s.organisation.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=403, superuser=403),
    ),
    "organisations:cancel_invitation": Entry(
        kwargs=lambda s: {"pk": s.organisation.pk, "invitation_pk": s.invitation.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=403, superuser=403),
    ),
    "organisations:leave": Entry(
        kwargs=lambda s: {"pk": s.organisation.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=403, superuser=403),
    ),
    # The token is the secret: whoever holds the link sees the invitation page, with
    # links to sign in or sign up; accepting (POST) needs a signed-in user.
    "organisations:invitation": Entry(
        kwargs=lambda s: {"token": s.invitation.token}, expect=PUBLIC
    ),
    # --- assessments: organisations ---------------------------------------------
    "assessments:start": Entry(
        kwargs=lambda s: {"org_pk": s.organisation.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=404, superuser=SU),
    ),
    "assessments:detail": Entry(
        kwargs=app("draft"),
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=200, superuser=200),
    ),
    "assessments:answer": Entry(
        kwargs=lambda s: {"pk": s.draft.pk, "code": s.indicator_code},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=200, superuser=200),
    ),
    # Staff have no conflict of their own to resolve: a harmless redirect to the answer.
    "assessments:resolve_conflict": Entry(
        kwargs=lambda s: {"pk": s.draft.pk, "code": s.indicator_code},
        expect=ORG_POST_ONLY,
        post=ORG_POST_REFUSED | {"staff": 302},
    ),
    "assessments:add_link": Entry(
        kwargs=lambda s: {"pk": s.draft.pk, "code": s.indicator_code},
        expect=ORG_POST_ONLY,
        post=ORG_POST_REFUSED,
    ),
    "assessments:remove_link": Entry(
        kwargs=lambda s: {"pk": s.draft.pk, "code": s.indicator_code, "link_pk": s.link.pk},
        expect=ORG_POST_ONLY,
        post=ORG_POST_REFUSED,
    ),
    "assessments:submit": Entry(
        kwargs=app("draft"),
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=404, superuser=SU),
    ),
    "assessments:withdraw": Entry(
        kwargs=app("draft"),
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=404, superuser=SU),
    ),
    "assessments:pdf": Entry(
        kwargs=app("scoring"),
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=200, superuser=200),
    ),
    "assessments:evidence_library": Entry(
        kwargs=lambda s: {"org_pk": s.organisation.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=200, superuser=200),
    ),
    "assessments:evidence_upload": Entry(
        kwargs=lambda s: {"org_pk": s.organisation.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=404, superuser=SU),
    ),
    # Panel members assigned to an application that uses the file may read it.
    "assessments:evidence_download": Entry(
        kwargs=lambda s: {"pk": s.evidence.pk},
        expect=roles(
            **ORG_OWN,
            anonymous=LOGIN,
            panel_assigned=(200, 404),
            panel_unassigned=404,
            staff=200,
            superuser=200,
        ),
    ),
    "assessments:evidence_delete": Entry(
        kwargs=lambda s: {"pk": s.evidence.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=404, superuser=SU),
    ),
    # --- assessments: staff console --------------------------------------------
    "console:staff_dashboard": Entry(expect=STAFF_ONLY),
    "console:staff_applications": Entry(expect=STAFF_ONLY),
    "console:staff_retry_job": Entry(
        kwargs=lambda s: {"job_pk": s.job.pk}, expect=STAFF_POST_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_detail": Entry(kwargs=app("scoring"), expect=STAFF_ONLY),
    "console:staff_submission": Entry(kwargs=app("scoring"), expect=STAFF_ONLY),
    "console:staff_submission_received": Entry(
        kwargs=lambda s: {"pk": s.scoring.pk, "snapshot_pk": s.snapshot.pk}, expect=STAFF_ONLY
    ),
    "console:staff_scores": Entry(kwargs=app("scoring"), expect=STAFF_ONLY),
    "console:staff_timeline": Entry(kwargs=app("scoring"), expect=STAFF_ONLY),
    "console:staff_return": Entry(
        kwargs=app("scoring"), expect=STAFF_POST_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_cycles": Entry(expect=STAFF_ONLY),
    "console:staff_cycle_create": Entry(expect=STAFF_ONLY),
    "console:staff_cycle": Entry(kwargs=lambda s: {"pk": s.cycle.pk}, expect=STAFF_ONLY),
    "console:staff_cycle_edit": Entry(kwargs=lambda s: {"pk": s.cycle.pk}, expect=STAFF_ONLY),
    "console:staff_cycle_state": Entry(
        kwargs=lambda s: {"pk": s.cycle.pk, "change": "close"},
        expect=STAFF_ONLY,
        post=STAFF_POST_REFUSED,
    ),
    "console:staff_reports": Entry(expect=STAFF_ONLY),
    "console:staff_report_csv": Entry(
        kwargs=lambda s: {"slug": "outcomes" if s.key == "a" else "awards"}, expect=STAFF_ONLY
    ),
    # --- panels: panel members ---------------------------------------------------
    "panels:dashboard": Entry(
        expect=roles(403, anonymous=LOGIN, panel_assigned=200, panel_unassigned=200)
    ),
    "panels:my_conflicts": Entry(
        expect=roles(403, anonymous=LOGIN, panel_assigned=200, panel_unassigned=200)
    ),
    # The facilitator (staff Sam) reads and agrees; other staff do not see the panel's pages.
    "panels:reader": Entry(
        kwargs=lambda s: {"pk": s.scoring.pk, "n": 1},
        expect=roles(
            404, anonymous=LOGIN, panel_assigned=(200, 404), staff=(200, 404), superuser=SU
        ),
    ),
    "panels:save_note": Entry(
        kwargs=lambda s: {"pk": s.scoring.pk, "indicator_id": first_indicator_id(s.scoring)},
        expect=roles(405, anonymous=LOGIN),
        post=roles(404, anonymous=LOGIN) | {"panel_assigned": (None, 404)},
    ),
    "panels:score": Entry(
        kwargs=app("scoring"),
        expect=roles(404, anonymous=LOGIN, panel_assigned=(200, 404)),
        post=roles(404, anonymous=LOGIN) | {"panel_assigned": (None, 404)},
    ),
    "panels:score_save": Entry(
        kwargs=app("scoring"),
        expect=roles(405, anonymous=LOGIN),
        post=roles(404, anonymous=LOGIN) | {"panel_assigned": (None, 404)},
    ),
    "panels:score_finish": Entry(
        kwargs=app("scoring"),
        expect=roles(404, anonymous=LOGIN, panel_assigned=(200, 404)),
        post=roles(404, anonymous=LOGIN) | {"panel_assigned": (None, 404)},
    ),
    "panels:consensus": Entry(
        kwargs=app("scoring"),
        expect=roles(
            404, anonymous=LOGIN, panel_assigned=(200, 404), staff=(200, 404), superuser=SU
        ),
        post=roles(404, anonymous=LOGIN)
        | {"panel_assigned": (403, 404), "staff": (None, 404), "superuser": None},
    ),
    "panels:reveal": Entry(
        kwargs=app("scoring"),
        expect=roles(405, anonymous=LOGIN),
        post=roles(404, anonymous=LOGIN) | {"staff": (None, 404), "superuser": None},
    ),
    "panels:presence": Entry(
        kwargs=app("scoring"),
        expect=roles(404, anonymous=LOGIN, staff=(200, 404), superuser=SU),
        post=roles(404, anonymous=LOGIN) | {"staff": (None, 404), "superuser": None},
    ),
    # The facilitator and the seated young people; a superuser neither scores nor
    # facilitates, so the page is not theirs either.
    "panels:confirm": Entry(
        kwargs=app("scoring"),
        expect=roles(404, anonymous=LOGIN, panel_assigned=(200, 404), staff=(200, 404)),
        post=roles(404, anonymous=LOGIN) | {"panel_assigned": (None, 404), "staff": (None, 404)},
    ),
    "panels:finalise": Entry(
        kwargs=app("scoring"),
        expect=roles(404, anonymous=LOGIN, staff=(200, 404), superuser=SU),
        post=roles(404, anonymous=LOGIN) | {"staff": (None, 404), "superuser": None},
    ),
    # --- panels: organisations -------------------------------------------------------
    "panels:org_result": Entry(
        kwargs=app("result"),
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=200, superuser=200),
    ),
    "panels:org_actions": Entry(
        kwargs=app("result"),
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=404, superuser=SU),
        post=ORG_POST_REFUSED | {"staff": 404},
    ),
    # --- certificates -------------------------------------------------------------------
    "certificates:verify": Entry(
        kwargs=lambda s: {"code": s.award.verification_code}, expect=PUBLIC
    ),
    "certificates:badge": Entry(
        kwargs=lambda s: {"code": s.award.verification_code}, expect=PUBLIC
    ),
    "certificates:register": Entry(expect=PUBLIC),
    "certificates:plaque": Entry(
        kwargs=lambda s: {"pk": s.award.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=200, superuser=200),
    ),
    # --- console: panel members, panels, awards, the celebration ---------------------
    "console:staff_members": Entry(expect=STAFF_ONLY),
    "console:staff_member_create": Entry(expect=STAFF_ONLY),
    "console:staff_member_edit": Entry(kwargs=member(), expect=STAFF_ONLY),
    "console:staff_member_deactivate": Entry(
        kwargs=member(), expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_member_export": Entry(kwargs=member(), expect=STAFF_ONLY),
    "console:staff_member_anonymise": Entry(
        kwargs=member(), expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_member_reactivate": Entry(
        kwargs=member(), expect=STAFF_POST_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_member_conflicts": Entry(kwargs=member(), expect=STAFF_ONLY),
    "console:staff_assign": Entry(
        kwargs=app("scoring"), expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_interview": Entry(
        kwargs=app("scoring"), expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_interview_cancel": Entry(
        kwargs=app("scoring"), expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_outcome": Entry(
        kwargs=app("result"), expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_awards": Entry(expect=STAFF_ONLY),
    "console:staff_award": Entry(kwargs=lambda s: {"pk": s.award.pk}, expect=STAFF_ONLY),
    "console:staff_regenerate": Entry(
        kwargs=lambda s: {"pk": s.award.pk}, expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_revoke": Entry(
        kwargs=lambda s: {"pk": s.award.pk}, expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:staff_plaque": Entry(
        kwargs=lambda s: {"pk": s.award.pk, "version": s.plaque.version}, expect=STAFF_ONLY
    ),
    "console:celebration": Entry(expect=STAFF_ONLY),
    "console:celebration_export": Entry(
        kwargs=lambda s: {"year": s.award.awarded_on.year}, expect=STAFF_ONLY
    ),
    "console:celebration_programme": Entry(
        kwargs=lambda s: {"year": s.award.awarded_on.year}, expect=STAFF_ONLY
    ),
    "console:celebration_invite": Entry(
        kwargs=lambda s: {"year": s.award.awarded_on.year},
        expect=STAFF_ONLY,
        post=STAFF_POST_REFUSED,
    ),
    # --- console: staff sign-in ------------------------------------------------------
    "console:staff_two_factor": Entry(expect=STAFF_ONLY),
    # Own: the staff member's own account (nobody resets their own); other: another
    # member of staff's. Only the superuser may reset a superuser's (tests/accounts).
    "console:staff_two_factor_reset": Entry(
        kwargs=lambda s: {"pk": s.facilitator.pk},
        expect=roles(403, anonymous=LOGIN, staff=(403, 200), superuser=200),
        post=STAFF_POST_REFUSED | {"staff": (403, None)},
    ),
    # --- training: public (the emailed link's token is the secret) ------------------------
    "training:index": Entry(expect=PUBLIC),
    "training:calendar": Entry(expect=PUBLIC),
    "training:session": Entry(kwargs=lambda s: {"pk": s.training_session.pk}, expect=PUBLIC),
    "training:cancel": Entry(
        kwargs=lambda s: {"token": link(s.training_offer, "cancel")}, expect=PUBLIC
    ),
    "training:accept": Entry(
        kwargs=lambda s: {"token": link(s.training_offer, "accept")}, expect=PUBLIC
    ),
    "training:pledge": Entry(
        kwargs=lambda s: {"token": link(s.training_attendee, "pledge")}, expect=PUBLIC
    ),
    "training:follow_up": Entry(
        kwargs=lambda s: {"token": link(s.training_attendee, "follow_up")}, expect=PUBLIC
    ),
    # Young people (trainers, and panel members who see they have no sessions).
    "training:trainer": Entry(
        expect=roles(403, anonymous=LOGIN, panel_assigned=200, panel_unassigned=200)
    ),
    # --- training: staff console ---------------------------------------------------------
    "console:training_sessions": Entry(expect=STAFF_ONLY),
    "console:training_session_create": Entry(expect=STAFF_ONLY),
    "console:training_report": Entry(expect=STAFF_ONLY),
    "console:training_trainer_create": Entry(expect=STAFF_ONLY, post=STAFF_POST_REFUSED),
    "console:training_trainer_anonymise": Entry(
        kwargs=lambda s: {"trainer_id": s.young_trainer.pk},
        expect=STAFF_ONLY,
        post=STAFF_POST_REFUSED,
    ),
    "console:training_session": Entry(kwargs=training(), expect=STAFF_ONLY),
    "console:training_session_edit": Entry(
        kwargs=training(), expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:training_session_team": Entry(
        kwargs=training(), expect=STAFF_POST_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:training_session_hours": Entry(
        kwargs=training(), expect=STAFF_POST_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:training_session_cancel": Entry(
        kwargs=training(), expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:training_register": Entry(
        kwargs=training(), expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "console:training_register_csv": Entry(kwargs=training(), expect=STAFF_ONLY),
    # --- check-ins: organisations see only their own; young people only those they were
    # asked to review; staff see all ------------------------------------------------------
    "checkins:org_list": Entry(
        kwargs=lambda s: {"award_id": s.award.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=404, superuser=SU),
    ),
    # Check-in 1 is sent in the world (its page redirects there); check-in 2 is to write.
    "checkins:org_edit": Entry(
        kwargs=lambda s: {"award_id": s.award.pk, "number": 2},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=404, superuser=SU),
        post=ORG_POST_REFUSED | {"staff": 404},
    ),
    "checkins:org_detail": Entry(
        kwargs=lambda s: {"pk": s.checkin.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=404, superuser=SU),
    ),
    "checkins:org_answer": Entry(
        kwargs=lambda s: {"pk": s.checkin.pk, "review_id": s.review.pk},
        expect=ORG_POST_ONLY,
        post=ORG_POST_REFUSED | {"staff": 404},
    ),
    "checkins:panel_list": Entry(
        expect=roles(403, anonymous=LOGIN, panel_assigned=200, panel_unassigned=200)
    ),
    # The superuser holds the permission but is asked to review nothing: 404.
    "checkins:panel_review": Entry(
        kwargs=lambda s: {"pk": s.checkin.pk},
        expect=roles(404, anonymous=LOGIN, panel_assigned=(200, 404)),
        post={
            "anonymous": LOGIN,
            "organisation": 404,
            "other_organisation": 404,
            "panel_assigned": (None, 404),
            "panel_unassigned": 404,
            "staff": 404,
        },
    ),
    "checkins:staff_list": Entry(expect=STAFF_ONLY),
    "checkins:staff_detail": Entry(
        kwargs=lambda s: {"pk": s.checkin.pk}, expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "checkins:staff_close_worry": Entry(
        kwargs=lambda s: {"pk": s.checkin.pk, "review_id": s.review.pk},
        expect=STAFF_POST_ONLY,
        post=STAFF_POST_REFUSED,
    ),
    "panels:notice_emails": Entry(
        expect=roles(403, anonymous=LOGIN, panel_assigned=405, panel_unassigned=405),
        post={"anonymous": LOGIN, "organisation": 403, "other_organisation": 403, "staff": 403},
    ),
    # --- recognition: a young person sees only their own record; staff everyone's ---------
    "recognition:my_record": Entry(
        expect=roles(403, anonymous=LOGIN, panel_assigned=200, panel_unassigned=200)
    ),
    "recognition:my_certificate": Entry(
        expect=roles(405, anonymous=LOGIN),
        post={"anonymous": LOGIN, "organisation": 403, "other_organisation": 403, "staff": 403},
    ),
    "recognition:my_certificate_download": Entry(
        kwargs=lambda s: {"pk": s.certificate.pk},
        expect=roles(403, anonymous=LOGIN, panel_assigned=(200, 404), panel_unassigned=404),
    ),
    "recognition:my_credential_download": Entry(
        kwargs=lambda s: {"pk": s.certificate.pk},
        expect=roles(403, anonymous=LOGIN, panel_assigned=(200, 404), panel_unassigned=404),
    ),
    "recognition:staff_records": Entry(expect=STAFF_ONLY),
    "recognition:staff_records_csv": Entry(expect=STAFF_ONLY),
    "recognition:staff_record": Entry(
        kwargs=lambda s: {"user_id": s.members[0].user_id},
        expect=STAFF_ONLY,
        post=STAFF_POST_REFUSED,
    ),
    "recognition:staff_certificate_download": Entry(
        kwargs=lambda s: {"pk": s.certificate.pk}, expect=STAFF_ONLY
    ),
    "recognition:staff_credential_download": Entry(
        kwargs=lambda s: {"pk": s.certificate.pk}, expect=STAFF_ONLY
    ),
    # --- audit -----------------------------------------------------------------------------
    "audit:log": Entry(expect=STAFF_ONLY),
    "audit:detail": Entry(kwargs=lambda s: {"pk": s.audit_event.pk}, expect=STAFF_ONLY),
    # --- credentials: public and machine-readable -------------------------------------
    "credentials:credential": Entry(
        kwargs=lambda s: {"code": s.award.verification_code}, expect=PUBLIC
    ),
    "credentials:issuer": Entry(expect=PUBLIC),
    "credentials:key": Entry(kwargs=lambda s: {"thumbprint": issuer_key()}, expect=PUBLIC),
    "credentials:status_list": Entry(kwargs=lambda s: {"number": 1}, expect=PUBLIC),
    # --- api: the docs and staff's tokens; the API itself answers to tokens, not to a
    # session (tests/quality/test_api_tokens.py checks each token state) -----------------
    "api:docs": Entry(expect=PUBLIC),
    "api:tokens": Entry(expect=STAFF_ONLY, post=STAFF_POST_REFUSED),
    "api:revoke": Entry(
        kwargs=lambda s: {"pk": api_token().pk}, expect=STAFF_ONLY, post=STAFF_POST_REFUSED
    ),
    "api_v1:api-root": Entry(expect=roles(404)),  # no page at /api/ itself
    "api_v1:openapi-json": Entry(expect=PUBLIC),
    "api_v1:register_awards": Entry(expect=PUBLIC),
    "api_v1:issuer": Entry(expect=PUBLIC),
    "api_v1:staff_awards": Entry(expect=roles(401)),
    "api_v1:staff_applications": Entry(expect=roles(401)),
    # --- scheme settings and enquiries ------------------------------------------------
    "scheme:privacy": Entry(expect=PUBLIC),
    # The seeded world has no logo: a logo version that is not the current one is 404 for
    # everyone (the logo itself: tests/scheme/test_settings.py).
    "scheme:logo": Entry(kwargs=lambda s: {"version": "0000000000000000"}, expect=roles(404)),
    "scheme:brand_css": Entry(kwargs=lambda s: {"colour": "1d3b6e"}, expect=PUBLIC),
    "console:staff_scheme_settings": Entry(expect=STAFF_ONLY, post=STAFF_POST_REFUSED),
    "enquiries:ask": Entry(expect=PUBLIC),
    "enquiries:sent": Entry(expect=PUBLIC),
    "certificates:plaque_print": Entry(
        kwargs=lambda s: {"pk": s.award.pk},
        expect=roles(**ORG_OWN, **ORG_NOBODY_ELSE, staff=200, superuser=200),
    ),
}


def issuer_key():
    from credentials.models import IssuerKey

    return IssuerKey.objects.values_list("thumbprint", flat=True).first()


def api_token():
    """A token of the world (made on first use)."""
    from datetime import timedelta

    from django.utils import timezone

    from api.models import ApiToken

    token, _ = ApiToken.objects.get_or_create(
        digest="0" * 64,
        defaults={
            "name": "Matrix",
            "scope": "register:read",
            "prefix": "km_matrix",
            "expires_at": timezone.now() + timedelta(days=30),
        },
    )
    return token


def cells():
    """Every (pattern name, role, variant, method) the matrix checks."""
    out = []
    for name, entry in sorted(MATRIX.items()):
        for variant in entry.variants:
            for role in ROLES:
                out.append((name, role, variant, "GET"))
                if entry.post:
                    value = entry.post.get(role)
                    if isinstance(value, tuple):
                        value = value[0] if variant == "own" else value[1]
                    if value is not None:
                        out.append((name, role, variant, "POST"))
    return out
