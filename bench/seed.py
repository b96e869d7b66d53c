"""National-scale data for the benchmark, written with bulk inserts.

`seed(scale)` fills an empty database (migrated, with the default framework) with:

- 10,000 organisations, each with one member user;
- 300 panel members (and 20 participation staff who facilitate);
- 30,000 applications over ten years (two cycles a year), each with all 16 answers;
- for 20,000 interviewed applications: a panel (2-3 members), an interview, each
  member's 16 scores, the panel's 16 agreed scores with feedback, a finalisation,
  and the timeline the real workflow writes;
- 8,000 current awards and 100,000 historic (expired) awards;
- 1,000 evidence records, all pointing at one small shared file.

Every number is multiplied by `scale` (the CI test uses 0.001).

Awards are one-to-one with applications (Award.application is a OneToOneField), so
108,000 awards need 108,000 awarded applications. The interviewed applications
above provide about 12,000 of them; the rest are "lightweight" awarded
applications: the same fields the workflow leaves on an awarded application
(status, round, total, proposed outcome, dates) but no answers, scores or
timeline. They model awards granted before the ten-year window of full data:
each organisation holds a chain of historic awards, one every three years, going
back in time. They also live in one closed cycle per year.

Values are the ones the real services produce: statuses and totals agree with
assessments.outcomes.outcome_for_total, award expiry with certificates.dates,
certificate numbers with certificates.services.awards.format_certificate_number (and the
per-year counters are set so a new award continues the sequence), resubmission
deadlines with outcomes.resubmission_deadline.

It runs on PostgreSQL and SQLite. Password hashes: one hash is computed and reused.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from assessments import outcomes
from assessments.models import (
    Answer,
    Application,
    Cycle,
    Evidence,
    FrameworkVersion,
    Indicator,
    Level,
    Status,
    SubmissionSnapshot,
    TimelineEvent,
)
from certificates.dates import expiry_date
from certificates.models import Award, CertificateCounter, new_verification_code
from certificates.services.awards import format_certificate_number
from organisations.models import Membership, Organisation
from panels.models import (
    AgreedScore,
    Attendance,
    Finalisation,
    Interview,
    Panel,
    PanelMember,
    PanelSeat,
    Score,
    ScoringSubmission,
    Sitting,
)

BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 - local benchmark accounts only
SHARED_EVIDENCE_NAME = "evidence/bench/shared-evidence.pdf"
SHARED_EVIDENCE_BYTES = b"%PDF-1.4\n% Kitemark benchmark evidence\n%%EOF\n"

# Full-scale numbers (scale = 1).
FULL = {
    "organisations": 10_000,
    "panel_members": 300,
    "staff": 20,
    "applications": 30_000,
    "interviewed": 20_000,
    "current_awards": 8_000,
    "historic_awards": 100_000,
    "evidence": 1_000,
    # Live applications in the open cycle (part of the 30,000).
    "draft": 3_000,
    "submitted": 300,
    "returned": 100,
    "panel_assigned": 200,
    "interview_scheduled": 300,
    "scored": 100,  # finalised, waiting for staff to confirm (counted as interviewed)
    "resubmission_invited": 100,  # round 1 total 42-47 (counted as interviewed)
}

PAST_CYCLES = 19  # plus the open one: two a year for ten years
BATCH = 5_000


@dataclass
class SeedResult:
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0
    # Handy ids for the load test (bench.run turns them into sessions and URLs).
    draft_application_ids: list = field(default_factory=list)
    scheduled_application_ids: list = field(default_factory=list)
    interviewed_application_ids: list = field(default_factory=list)
    verification_codes: list = field(default_factory=list)


def plan(scale: float) -> dict:
    """How many of each thing at this scale (at least one of each, so tiny runs cover all)."""
    counts = {name: max(1, round(n * scale)) for name, n in FULL.items()}
    counts["panel_members"] = max(6, counts["panel_members"])
    counts["staff"] = max(2, counts["staff"])
    live = sum(
        counts[s]
        for s in (
            "draft",
            "submitted",
            "returned",
            "panel_assigned",
            "interview_scheduled",
            "scored",
            "resubmission_invited",
        )
    )
    counts["organisations"] = max(counts["organisations"], live + 5)
    counts["interviewed"] = max(
        counts["interviewed"], counts["scored"] + counts["resubmission_invited"] + 3
    )
    counts["applications"] = max(
        counts["applications"],
        live + counts["interviewed"] - counts["scored"] - counts["resubmission_invited"] + 1,
    )
    return counts


@contextlib.contextmanager
def _manual_timestamps(*models):
    """Let bulk_create store historical created_at/updated_at values instead of now()."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _bulk(model, objs, batch_size=BATCH):
    """bulk_create in batches; returns the created objects (with pks on PostgreSQL/SQLite)."""
    out = []
    for start in range(0, len(objs), batch_size):
        out.extend(model.objects.bulk_create(objs[start : start + batch_size]))
    return out


def _copy_rows(model, columns, rows):
    """Insert plain tuples (values in `columns` order, foreign keys as ids).

    The national-scale tables hold over a million rows between them, and building a
    model instance per row made bulk_create most of the seed's time; on PostgreSQL
    the rows go in with COPY instead. Elsewhere (the tiny seed the test suite runs on
    SQLite) they go through bulk_create.
    """
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    with _manual_timestamps(model):
        _bulk(model, [model(**dict(zip(columns, row, strict=True))) for row in rows])


def _aware(day: date, hour=10, minute=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, dtime(hour, minute)))


def _split_total(rng: random.Random, total: int, n: int = 16) -> list[int]:
    """n scores from 0-4 that add up to `total` (0-64), with some spread."""
    values = [total // n] * n
    for i in range(total - sum(values)):
        values[i] += 1
    for _ in range(n):
        a, b = rng.randrange(n), rng.randrange(n)
        if values[a] < outcomes.MAX_SCORE_PER_INDICATOR and values[b] > 0 and a != b:
            values[a] += 1
            values[b] -= 1
    rng.shuffle(values)
    return values


ANSWER_TEXTS = [
    "Young people sit on our planning group and help us choose what we do each term. "
    "We meet after school and they set the agenda with us.",
    "Our youth forum reviewed the service last spring. They wrote the survey, ran the "
    "focus groups and presented what they found to our managers.",
    "We train every new member of staff in how to involve young people, and a young "
    "person helps deliver part of the training.",
    "We tell young people what changed because of their ideas in a 'you said, we did' "
    "newsletter and on the noticeboard.",
]
FEEDBACK_TEXTS = [
    "You showed us clear examples. Keep telling young people what changed.",
    "We liked the youth forum. Next time show us more evidence from this year.",
    "Young people help plan things but we would like to see them help decide the budget.",
    "Good training for staff. Ask young people how the training could be better.",
]
ORG_WORDS = ["Riverside", "Northgate", "Hillcrest", "Meadow", "Harbour", "Oakfield", "Castle"]
ORG_KINDS = list(Organisation.Type.values)


class _Seeder:
    def __init__(self, scale: float, rng_seed: int, log):
        self.n = plan(scale)
        self.rng = random.Random(rng_seed)
        self.log = log
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.password = make_password(BENCH_PASSWORD)
        self.result = SeedResult()
        self.cert_counters: dict[int, int] = {}

    # -- people and organisations ---------------------------------------------------
    def people(self):
        n = self.n
        staff = [
            User(
                email=f"staff{i:03d}@bench.council.example",
                full_name=f"Staff {i}",
                role=User.Role.STAFF,
                password=self.password,
                email_verified=True,
            )
            for i in range(n["staff"])
        ]
        self.staff = _bulk(User, staff)
        panel_users = [
            User(
                username=f"panel{i:04d}",
                full_name="",
                role=User.Role.PANEL,
                password=self.password,
            )
            for i in range(n["panel_members"])
        ]
        panel_users = _bulk(User, panel_users)
        members = [
            PanelMember(
                user=u,
                display_name=f"Member {i}",
                group=["Youth Cabinet", "Youth Council", "Care Leavers Forum"][i % 3],
                supervisor=self.staff[i % len(self.staff)],
                created_by=self.staff[0],
            )
            for i, u in enumerate(panel_users)
        ]
        self.members = _bulk(PanelMember, members)

        orgs = []
        for i in range(n["organisations"]):
            kind = ORG_KINDS[i % len(ORG_KINDS)]
            orgs.append(
                Organisation(
                    name=f"{ORG_WORDS[i % 7]} {kind.replace('_', ' ').title()} {i:05d}",
                    type=kind,
                    address=f"{i % 300 + 1} High Street\nBench Town",
                    postcode=f"BT{i % 90 + 1} {i % 9}AB",
                    contact_name=f"Contact {i}",
                    contact_email=f"contact{i:05d}@org.bench.example",
                    young_people_per_year=(i * 37) % 2000,
                )
            )
        self.orgs = _bulk(Organisation, orgs)
        users = [
            User(
                email=f"user{i:05d}@org.bench.example",
                full_name=f"Org User {i}",
                role=User.Role.ORGANISATION,
                password=self.password,
                email_verified=True,
            )
            for i in range(n["organisations"])
        ]
        self.org_users = _bulk(User, users)
        _bulk(
            Membership,
            [
                Membership(organisation=o, user=u)
                for o, u in zip(self.orgs, self.org_users, strict=True)
            ],
        )
        self.log(f"  {len(self.orgs)} organisations, {len(self.members)} panel members")

    # -- framework and cycles ---------------------------------------------------------
    def framework(self):
        version = FrameworkVersion.objects.current() or FrameworkVersion.objects.first()
        self.levels = list(Level.objects.filter(version=version).order_by("order"))
        self.indicators = {
            level.pk: list(Indicator.objects.filter(level=level).order_by("order"))
            for level in self.levels
        }
        self.descriptor_labels = dict(version.descriptors.values_list("value", "label"))

    def cycles(self):
        today = self.today
        self.open_cycle = Cycle.objects.create(
            name=f"Bench open cycle {today.year}",
            opens_on=today - timedelta(days=30),
            submission_deadline=today + timedelta(days=60),
            interview_window_start=today + timedelta(days=70),
            interview_window_end=today + timedelta(days=150),
        )
        past = []
        for k in range(1, PAST_CYCLES + 1):
            opens = today - timedelta(days=30 + 182 * k)
            deadline = opens + timedelta(days=90)
            past.append(
                Cycle(
                    name=f"Bench cycle {opens:%B %Y}",
                    opens_on=opens,
                    submission_deadline=deadline,
                    interview_window_start=deadline + timedelta(days=14),
                    interview_window_end=deadline + timedelta(days=90),
                    is_closed=True,
                )
            )
        self.past_cycles = _bulk(Cycle, past)  # newest first
        self.yearly_cycles: dict[int, Cycle] = {}

    def _yearly_cycle(self, year: int) -> Cycle:
        if year not in self.yearly_cycles:
            self.yearly_cycles[year] = Cycle.objects.create(
                name=f"Bench historic cycle {year}",
                opens_on=date(year, 1, 10),
                submission_deadline=date(year, 3, 31),
                interview_window_start=date(year, 4, 14),
                interview_window_end=date(year, 6, 30),
                is_closed=True,
            )
        return self.yearly_cycles[year]

    def _certificate(self, awarded_on: date) -> str:
        number = self.cert_counters.get(awarded_on.year, 0) + 1
        self.cert_counters[awarded_on.year] = number
        return format_certificate_number(awarded_on.year, number)

    # -- applications ---------------------------------------------------------------------
    def applications(self):
        """The 30,000 full applications: live ones in the open cycle, the rest in past cycles."""
        n = self.n
        live_plan = [
            (Status.DRAFT, n["draft"]),
            (Status.SUBMITTED, n["submitted"]),
            (Status.RETURNED, n["returned"]),
            (Status.PANEL_ASSIGNED, n["panel_assigned"]),
            (Status.INTERVIEW_SCHEDULED, n["interview_scheduled"]),
            (Status.SCORED, n["scored"]),
            (Status.RESUBMISSION_INVITED, n["resubmission_invited"]),
        ]
        live_total = sum(c for _, c in live_plan)
        historic_interviewed = n["interviewed"] - n["scored"] - n["resubmission_invited"]
        withdrawn = n["applications"] - live_total - historic_interviewed

        specs = []  # (org_index, cycle, status, interview_day or None)
        org_i = 0
        for status, count in live_plan:
            for _ in range(count):
                specs.append((org_i, self.open_cycle, status))
                org_i += 1
        historic = [Status.AWARDED] * historic_interviewed + [Status.WITHDRAWN] * withdrawn
        per_cycle = -(-len(historic) // PAST_CYCLES)
        offset = 0
        for idx, status in enumerate(historic):
            cycle = self.past_cycles[idx // per_cycle]
            # Rotate organisations so one organisation applies at most once per cycle.
            specs.append(((offset + idx) % len(self.orgs), cycle, status))
            if (idx + 1) % per_cycle == 0:
                offset += 3_331
        self.log(
            f"  {len(specs)} applications ({live_total} live, {historic_interviewed} "
            f"historic interviewed, {withdrawn} withdrawn)"
        )

        chunk = 2_000
        for start in range(0, len(specs), chunk):
            self._application_chunk(specs[start : start + chunk])

    def _application_chunk(self, specs):
        rng = self.rng
        apps, meta = [], []
        for org_i, cycle, status in specs:
            level = self.levels[rng.randrange(len(self.levels))]
            created = _aware(cycle.opens_on + timedelta(days=rng.randrange(0, 30)), 9)
            submitted = _aware(cycle.submission_deadline - timedelta(days=rng.randrange(0, 20)), 15)
            interview_day = cycle.interview_window_start + timedelta(days=rng.randrange(0, 60))
            total = proposed = None
            confirmed = deadline = None
            round_no = 1
            final_status = status
            interviewed = False
            if status == Status.AWARDED:  # historic interviewed: decide the outcome from a total
                interviewed = True
                roll = rng.random()
                if roll < 0.62:
                    total = rng.randint(48, 64)
                elif roll < 0.70:
                    total = rng.randint(42, 47)  # invited to resubmit, deadline lapsed
                else:
                    total = rng.randint(18, 41)
                proposed = outcomes.outcome_for_total(total)
                confirmed = _aware(interview_day + timedelta(days=rng.randrange(3, 15)), 11)
                if proposed == outcomes.AWARDED:
                    final_status = Status.AWARDED
                else:
                    final_status = Status.NOT_AWARDED
                if proposed == outcomes.RESUBMISSION:
                    deadline = outcomes.resubmission_deadline(interview_day)
            elif status == Status.SCORED:
                interviewed = True
                total = rng.randint(30, 60)
                proposed = outcomes.outcome_for_total(total)
                interview_day = self.today - timedelta(days=rng.randrange(1, 10))
            elif status == Status.RESUBMISSION_INVITED:
                interviewed = True
                total = rng.randint(42, 47)
                proposed = outcomes.RESUBMISSION
                interview_day = self.today - timedelta(days=rng.randrange(5, 40))
                confirmed = _aware(interview_day + timedelta(days=3), 11)
                deadline = outcomes.resubmission_deadline(interview_day)
            elif status == Status.INTERVIEW_SCHEDULED:
                interview_day = self.today + timedelta(days=rng.randrange(0, 30))
            if status == Status.DRAFT:
                submitted = None
            updated = confirmed or (submitted if submitted else created)
            apps.append(
                Application(
                    organisation=self.orgs[org_i],
                    cycle=cycle,
                    level=level,
                    status=final_status,
                    round=round_no,
                    created_by=self.org_users[org_i],
                    created_at=created,
                    updated_at=updated,
                    submitted_at=submitted,
                    total=total,
                    proposed_outcome=proposed or "",
                    outcome_confirmed_at=confirmed,
                    resubmission_deadline=deadline,
                )
            )
            meta.append((org_i, status, interviewed, interview_day))
        with _manual_timestamps(Application):
            apps = _bulk(Application, apps)
            self._answers(apps, meta)
        self._panels(apps, meta)
        self._timeline(apps, meta)
        self._awards_for(apps, meta)
        self._snapshots(apps, meta)

    def _answers(self, apps, meta):
        rng = self.rng
        answers = []
        for app, (org_i, status, _, _) in zip(apps, meta, strict=True):
            user_id = self.org_users[org_i].pk
            filled = 16
            if status == Status.DRAFT:
                filled = rng.randrange(0, 16)
            when = app.submitted_at or app.created_at
            for k, indicator in enumerate(self.indicators[app.level_id]):
                done = k < filled
                answers.append(
                    (
                        app.pk,
                        indicator.pk,
                        ANSWER_TEXTS[(k + org_i) % len(ANSWER_TEXTS)] if done else "",
                        rng.randint(1, 4) if done else None,
                        rng.randint(1, 4) if done else 0,
                        user_id if done else None,
                        when,
                    )
                )
            if status == Status.DRAFT:
                self.result.draft_application_ids.append(app.pk)
        _copy_rows(
            Answer,
            (
                "application_id",
                "indicator_id",
                "text",
                "self_rating",
                "revision",
                "updated_by_id",
                "updated_at",
            ),
            answers,
        )

    def _panels(self, apps, meta):
        rng = self.rng
        with_panel = [
            (app, m)
            for app, m in zip(apps, meta, strict=True)
            if m[2] or m[1] in (Status.PANEL_ASSIGNED, Status.INTERVIEW_SCHEDULED)
        ]
        if not with_panel:
            return
        with _manual_timestamps(Panel, PanelSeat, Interview):
            panels, seat_plan = [], []
            for app, (_org_i, status, _interviewed, _day) in with_panel:
                facilitator = self.staff[rng.randrange(len(self.staff))]
                assigned = (app.submitted_at or self.now) + timedelta(days=7)
                panels.append(
                    Panel(
                        application=app,
                        facilitator=facilitator,
                        scores_revealed=status != Status.INTERVIEW_SCHEDULED,
                        created_by=facilitator,
                        created_at=assigned,
                    )
                )
                seat_plan.append(rng.sample(self.members, rng.choice((2, 3, 3))))
            panels = _bulk(Panel, panels)
            seats, interviews = [], []
            for panel, chosen, (app, (_o, status, _i, day)) in zip(
                panels, seat_plan, with_panel, strict=True
            ):
                for member in chosen:
                    seats.append(PanelSeat(panel=panel, member=member, created_at=panel.created_at))
                if status != Status.PANEL_ASSIGNED:
                    interviews.append(
                        Interview(
                            application=app,
                            starts_at=_aware(day, 10 + rng.randrange(0, 6)),
                            venue="Council offices, Room 2",
                            created_by=panel.facilitator,
                            created_at=panel.created_at + timedelta(days=2),
                        )
                    )
            _bulk(PanelSeat, seats)
            _bulk(Interview, interviews)

            scores, agreed, finals, sent = [], [], [], []
            sittings, attendance = [], []
            for panel, chosen, (app, (_o, status, interviewed, day)) in zip(
                panels, seat_plan, with_panel, strict=True
            ):
                indicators = self.indicators[app.level_id]
                when = _aware(day, 12)
                if status == Status.INTERVIEW_SCHEDULED:
                    self.result.scheduled_application_ids.append(app.pk)
                    # The interview is on: the facilitator started it, everyone is here.
                    sittings.append(
                        Sitting(
                            application=app,
                            round=1,
                            started_at=self.now,
                            started_by=panel.facilitator,
                            early=True,
                        )
                    )
                    attendance.extend(
                        Attendance(
                            application=app,
                            round=1,
                            member=member,
                            present=True,
                            recorded_by=panel.facilitator,
                            recorded_at=self.now,
                        )
                        for member in chosen
                    )
                    # Scoring in progress: the first member has scored a few indicators.
                    for indicator in indicators[: rng.randrange(0, 6)]:
                        scores.append(
                            (
                                chosen[0].pk,
                                app.pk,
                                indicator.pk,
                                1,
                                rng.randint(0, 4),
                                self.now,
                                self.now,
                            )
                        )
                    continue
                if not interviewed:
                    continue
                self.result.interviewed_application_ids.append(app.pk)
                values = _split_total(rng, app.total)
                for member in chosen:
                    for indicator, v in zip(indicators, values, strict=True):
                        own = min(4, max(0, v + rng.choice((-1, 0, 0, 0, 1))))
                        scores.append((member.pk, app.pk, indicator.pk, 1, own, when, when))
                    sent.append(
                        ScoringSubmission(
                            member=member, application=app, round=1, submitted_at=when
                        )
                    )
                for k, (indicator, v) in enumerate(zip(indicators, values, strict=True)):
                    agreed.append(
                        (
                            app.pk,
                            indicator.pk,
                            1,
                            v,
                            FEEDBACK_TEXTS[k % len(FEEDBACK_TEXTS)],
                            app.proposed_outcome == outcomes.RESUBMISSION and v < 3,
                            False,
                            panel.facilitator.pk,
                            when,
                        )
                    )
                finals.append(
                    Finalisation(
                        application=app,
                        round=1,
                        total=app.total,
                        outcome=outcomes.outcome_for_total(app.total),
                        finalised_by=panel.facilitator,
                        finalised_at=when + timedelta(hours=1),
                        confirmed_by=panel.facilitator if app.outcome_confirmed_at else None,
                        confirmed_at=app.outcome_confirmed_at,
                    )
                )
            _copy_rows(
                Score,
                (
                    "member_id",
                    "application_id",
                    "indicator_id",
                    "round",
                    "value",
                    "client_updated_at",
                    "updated_at",
                    "comment",
                ),
                [(*row, "") for row in scores],  # no comments in the bench data
            )
            _bulk(ScoringSubmission, sent)
            _bulk(Sitting, sittings)
            _bulk(Attendance, attendance)
            _copy_rows(
                AgreedScore,
                (
                    "application_id",
                    "indicator_id",
                    "round",
                    "value",
                    "feedback",
                    "needs_more_evidence",
                    "carried_over",
                    "agreed_by_id",
                    "agreed_at",
                    "outside_range_reason",
                ),
                [(*row, "") for row in agreed],  # the bench data has no reasons
            )
            _bulk(Finalisation, finals)

    def _timeline(self, apps, meta):
        events = []
        T = TimelineEvent.Kind.TRANSITION

        def add(app, kind, when, message, from_status="", to_status="", actor=None, visible=True):
            actor_id = actor.pk if actor else None
            events.append((app.pk, kind, actor_id, from_status, to_status, message, visible, when))

        for app, (org_i, status, _interviewed, day) in zip(apps, meta, strict=True):
            user = self.org_users[org_i]
            staff = self.staff[app.pk % len(self.staff)]
            level_name = next(lv.name for lv in self.levels if lv.pk == app.level_id)
            add(
                app,
                TimelineEvent.Kind.NOTE,
                app.created_at,
                f"Application for the {level_name} Kitemark started",
                actor=user,
            )
            if status == Status.DRAFT:
                continue
            sub = app.submitted_at
            if status == Status.WITHDRAWN:
                add(app, T, sub, "Withdrawn", Status.DRAFT, Status.WITHDRAWN, user)
                continue
            add(app, T, sub, "Submitted", Status.DRAFT, Status.SUBMITTED, user)
            if status == Status.SUBMITTED:
                continue
            if status == Status.RETURNED:
                add(
                    app,
                    T,
                    sub + timedelta(days=3),
                    "Returned for more information",
                    Status.SUBMITTED,
                    Status.RETURNED,
                    staff,
                )
                continue
            add(
                app,
                T,
                sub + timedelta(days=7),
                "Panel assigned",
                Status.SUBMITTED,
                Status.PANEL_ASSIGNED,
                staff,
            )
            add(
                app,
                TimelineEvent.Kind.PANEL,
                sub + timedelta(days=7),
                "Panel members assigned",
                actor=staff,
                visible=False,
            )
            if status == Status.PANEL_ASSIGNED:
                continue
            add(
                app,
                T,
                sub + timedelta(days=9),
                "Interview scheduled",
                Status.PANEL_ASSIGNED,
                Status.INTERVIEW_SCHEDULED,
                staff,
            )
            if status == Status.INTERVIEW_SCHEDULED:
                continue
            scored_at = _aware(day, 14)
            add(
                app,
                T,
                scored_at,
                "Scores finalised",
                Status.INTERVIEW_SCHEDULED,
                Status.SCORED,
                staff,
            )
            if status == Status.SCORED:
                continue
            confirmed = app.outcome_confirmed_at
            if app.proposed_outcome == outcomes.AWARDED:
                add(
                    app,
                    T,
                    confirmed,
                    "Outcome confirmed: awarded",
                    Status.SCORED,
                    Status.AWARDED,
                    staff,
                )
            elif app.proposed_outcome == outcomes.RESUBMISSION:
                add(
                    app,
                    T,
                    confirmed,
                    "Outcome confirmed: resubmit",
                    Status.SCORED,
                    Status.RESUBMISSION_INVITED,
                    staff,
                )
                if app.status == Status.NOT_AWARDED:
                    add(
                        app,
                        T,
                        _aware(app.resubmission_deadline + timedelta(days=1), 0, 15),
                        "Resubmission deadline passed: not awarded",
                        Status.RESUBMISSION_INVITED,
                        Status.NOT_AWARDED,
                    )
            else:
                add(
                    app,
                    T,
                    confirmed,
                    "Outcome confirmed: not awarded",
                    Status.SCORED,
                    Status.NOT_AWARDED,
                    staff,
                )
        _copy_rows(
            TimelineEvent,
            (
                "application_id",
                "kind",
                "actor_id",
                "from_status",
                "to_status",
                "message",
                "visible_to_organisation",
                "created_at",
            ),
            events,
        )

    def _snapshots(self, apps, meta):
        """What the organisation sent, for live submitted applications (as submit() writes)."""
        snaps = []
        for app, (org_i, status, _i, _d) in zip(apps, meta, strict=True):
            if app.cycle_id != self.open_cycle.pk or status == Status.DRAFT:
                continue
            snaps.append(
                SubmissionSnapshot(
                    application=app,
                    round=1,
                    status=Status.SUBMITTED,
                    submitted_by=self.org_users[org_i],
                    created_at=app.submitted_at,
                    answers=[
                        {
                            "indicator_id": ind.pk,
                            "code": ind.code,
                            "title": ind.title,
                            "text": ANSWER_TEXTS[(k + org_i) % len(ANSWER_TEXTS)],
                            "self_rating": 3,
                            "revision": 1,
                            "evidence": [],
                            "links": [],
                        }
                        for k, ind in enumerate(self.indicators[app.level_id])
                    ],
                )
            )
        _bulk(SubmissionSnapshot, snaps, batch_size=500)

    # -- awards -----------------------------------------------------------------------------
    def _award(self, app_or_id, org, level_id, awarded_on, created):
        return Award(
            organisation_id=org.pk if hasattr(org, "pk") else org,
            application_id=app_or_id,
            level_id=level_id,
            awarded_on=awarded_on,
            expires_on=expiry_date(awarded_on),
            certificate_number=self._certificate(awarded_on),
            verification_code=new_verification_code(),
            created_at=created,
        )

    def _awards_for(self, apps, meta):
        awards = []
        for app in apps:
            if app.status == Status.AWARDED:
                confirmed = app.outcome_confirmed_at
                awards.append(
                    self._award(
                        app.pk,
                        app.organisation_id,
                        app.level_id,
                        timezone.localdate(confirmed),
                        confirmed,
                    )
                )
        with _manual_timestamps(Award):
            _bulk(Award, awards)

    def top_up_awards(self):
        """Lightweight awarded applications so there are exactly the planned awards."""
        n, rng, today = self.n, self.rng, self.today
        three_years_ago = (
            today.replace(year=today.year - 3)
            if not (today.month == 2 and today.day == 29)
            else today.replace(year=today.year - 3, day=28)
        )
        current = Award.objects.filter(expires_on__gt=today).count()
        historic = Award.objects.filter(expires_on__lte=today).count()
        need_current = max(0, n["current_awards"] - current)
        need_historic = max(0, n["historic_awards"] - historic)
        holders = set(
            Award.objects.filter(expires_on__gt=today).values_list("organisation_id", flat=True)
        )
        free = [o for o in self.orgs if o.pk not in holders]
        rng.shuffle(free)
        specs = []  # (org, awarded_on)
        for i in range(need_current):
            org = free[i % len(free)] if free else self.orgs[i % len(self.orgs)]
            specs.append((org, today - timedelta(days=rng.randint(1, 1090))))
        for i in range(need_historic):
            org = self.orgs[i % len(self.orgs)]
            generation = i // len(self.orgs)  # 0 = the most recent expired award
            back = 3 * generation
            awarded = three_years_ago - timedelta(days=30 + 365 * back + rng.randint(0, 700))
            specs.append((org, awarded))
        self.log(f"  {len(specs)} lightweight awarded applications for the award top-up")
        chunk = 10_000
        user_by_org = {o.pk: u for o, u in zip(self.orgs, self.org_users, strict=True)}
        for start in range(0, len(specs), chunk):
            part = specs[start : start + chunk]
            apps = []
            for org, awarded_on in part:
                cycle = self._cycle_for(awarded_on)
                total = rng.randint(48, 64)
                confirmed = _aware(awarded_on, 11)
                apps.append(
                    Application(
                        organisation=org,
                        cycle=cycle,
                        level=self.levels[rng.randrange(len(self.levels))],
                        status=Status.AWARDED,
                        round=1,
                        created_by=user_by_org[org.pk],
                        created_at=confirmed - timedelta(days=120),
                        updated_at=confirmed,
                        submitted_at=confirmed - timedelta(days=60),
                        total=total,
                        proposed_outcome=outcomes.outcome_for_total(total),
                        outcome_confirmed_at=confirmed,
                    )
                )
            with _manual_timestamps(Application, Award):
                apps = _bulk(Application, apps)
                _bulk(
                    Award,
                    [
                        self._award(a.pk, a.organisation_id, a.level_id, aw, a.outcome_confirmed_at)
                        for a, (_o, aw) in zip(apps, part, strict=True)
                    ],
                )
        # bulk_create skips Award.save(): fill the columns the register and the celebration
        # list read (organisation name and opt-out, level order, replaced) in one UPDATE.
        if connection.vendor == "postgresql":
            # Without statistics on the just-filled table the planner answers "is there a
            # newer award" by range-scanning every later award (1 ms a row, over two
            # minutes in all) instead of using the (organisation, awarded_on) index.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE certificates_award")
        Award.objects.all().refresh_copies()

    def _cycle_for(self, day: date) -> Cycle:
        """The newest past cycle whose interviews had started by `day`, else that year's."""
        for cycle in self.past_cycles:  # newest first
            if cycle.interview_window_start <= day:
                return cycle
        return self._yearly_cycle(day.year)

    def counters(self):
        for year, last in self.cert_counters.items():
            CertificateCounter.objects.update_or_create(year=year, defaults={"last_number": last})

    # -- evidence ---------------------------------------------------------------------------
    def evidence(self):
        n = self.n
        if not default_storage.exists(SHARED_EVIDENCE_NAME):
            default_storage.save(SHARED_EVIDENCE_NAME, ContentFile(SHARED_EVIDENCE_BYTES))
        digest = hashlib.sha256(SHARED_EVIDENCE_BYTES).hexdigest()
        drafts = list(
            Application.objects.filter(pk__in=self.result.draft_application_ids)
            .order_by("pk")
            .values_list("pk", "organisation_id", "created_by_id")
        )
        per_org = 5
        owners = drafts[: max(1, -(-n["evidence"] // per_org))]
        records = []
        for i in range(n["evidence"]):
            app_pk, org_id, user_id = owners[i // per_org % len(owners)]
            records.append(
                Evidence(
                    organisation_id=org_id,
                    file=SHARED_EVIDENCE_NAME,
                    storage_name=f"bench-{i:05d}.pdf",
                    original_name=f"Youth forum minutes {i + 1}.pdf",
                    content_type="application/pdf",
                    size=len(SHARED_EVIDENCE_BYTES),
                    sha256=digest,
                    uploaded_by_id=user_id,
                )
            )
        records = _bulk(Evidence, records)
        # Each record supports one of the first answers of its organisation's draft.
        first_answer = {}
        for answer_id, app_id, _order in (
            Answer.objects.filter(application_id__in=[o[0] for o in owners])
            .values_list("pk", "application_id", "indicator__order")
            .order_by("application_id", "indicator__order")
        ):
            first_answer.setdefault(app_id, []).append(answer_id)
        through = Answer.evidence.through
        links = []
        for i, record in enumerate(records):
            app_pk = owners[i // per_org % len(owners)][0]
            answer_ids = first_answer.get(app_pk, [])
            if answer_ids:
                links.append(
                    through(
                        answer_id=answer_ids[i % min(4, len(answer_ids))], evidence_id=record.pk
                    )
                )
        through.objects.bulk_create(links, ignore_conflicts=True)

    def verification_sample(self, k=200):
        today = self.today
        current = list(
            Award.objects.filter(expires_on__gt=today)
            .order_by("?")
            .values_list("verification_code", flat=True)[: k // 2]
        )
        expired = list(
            Award.objects.filter(expires_on__lte=today)
            .order_by("?")
            .values_list("verification_code", flat=True)[: k // 2]
        )
        self.result.verification_codes = current + expired


def seed(scale: float = 1.0, *, rng_seed: int = 2026, log=print) -> SeedResult:
    """Fill the (empty, migrated) database. Returns counts, timing and ids for the load test."""
    started = time.perf_counter()
    seeder = _Seeder(scale, rng_seed, log)
    log(f"Seeding at scale {scale}: {seeder.n}")
    with transaction.atomic():
        seeder.framework()
        seeder.people()
        seeder.cycles()
        seeder.applications()
        seeder.top_up_awards()
        seeder.counters()
        seeder.evidence()
        seeder.verification_sample()
    result = seeder.result
    result.seconds = time.perf_counter() - started
    result.counts = counts()
    return result


def counts() -> dict:
    today = timezone.localdate()
    return {
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "panel_members": PanelMember.objects.count(),
        "applications_with_answers": Application.objects.filter(answers__isnull=False)
        .distinct()
        .count(),
        "applications": Application.objects.count(),
        "answers": Answer.objects.count(),
        "interviewed": Finalisation.objects.values("application").distinct().count(),
        "scores": Score.objects.count(),
        "agreed_scores": AgreedScore.objects.count(),
        "current_awards": Award.objects.current(today).count(),
        "historic_awards": Award.objects.expired(today).count(),
        "evidence": Evidence.objects.count(),
        "timeline_events": TimelineEvent.objects.count(),
    }
