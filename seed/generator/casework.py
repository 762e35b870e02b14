"""One case's records: the case, its incidents, DASH assessments, consents, referrals and court orders."""

from __future__ import annotations

from typing import Any

from seed.generator import dash
from seed.generator.context import Context

Record = dict[str, Any]
# s.1(3) behaviours and how often each is part of an incident (A); physical abuse is likelier at high risk
BEHAVIOURS = (("controlling_or_coercive", 0.55), ("psychological_or_emotional", 0.6), ("physical_or_sexual", 0.35),
              ("violent_or_threatening", 0.35), ("economic", 0.15))
ORDERS = (("non_molestation", 0.6, (183, 365)), ("restraining", 0.12, (365, 1095)), ("occupation", 0.08, (90, 183)),
          ("domestic_abuse_protection", 0.12, (365, 730)), ("other", 0.08, (183, 365)))  # kind, share, days (A)
SCOPES = ("share_with_idva", "share_with_marac", "share_with_housing", "share_with_outreach")


class CaseInfo:
    """What later stages need of a case: who, where, when, risk, incidents."""

    __slots__ = ("cid", "district", "band", "assessed", "judgement", "days", "incidents", "victim", "perp",
                 "children", "consent", "counter")

    def __init__(self, cid: str, district: int, victim: int, perp: int, children: list[int], counter: bool) -> None:
        self.cid, self.district, self.victim, self.perp = cid, district, victim, perp
        self.children, self.counter = children, counter
        self.band = ""  # band of the first DASH assessment; "" if never assessed
        self.assessed = 0  # day of the first assessment
        self.judgement = False
        self.days: list[int] = []  # incident days
        self.incidents: list[Record] = []
        self.consent = ""


class Casework:
    """Writes cases and keeps the indexes that MARAC and nomination screening need."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("casework")
        self.abuse = ctx.preset.abuse
        self.cases: list[CaseInfo] = []
        self.keep_away: dict[int, list[int]] = {}  # perpetrator -> victims and children of their cases
        self.abusers: dict[int, list[int]] = {}  # victim -> perpetrators
        self.orders: dict[int, list[tuple[list[int], int, int]]] = {}  # respondent -> (protected, property, radius)
        self.year_start = [ctx.today - 365 * (k + 1) + 1 for k in range(self.abuse.history_years)]
        self.police = [0] * self.abuse.history_years

    def year_of(self, day: int) -> int:
        """Return k for a day in the k-th year before as_of (0 = the last 365 days), -1 if older."""
        k = (self.ctx.today - day) // 365
        return k if k < len(self.police) else -1

    def open(self, victim: int, perp: int, first: int, band: str, children: list[int], counter: bool,
             most: int = 0) -> CaseInfo:
        """Write a case starting with an incident on `first`; return its summary."""
        ctx, rng, doc = self.ctx, self.rng, self.ctx.doc
        district = ctx.pdistrict[victim]
        info = CaseInfo(f"C{len(doc['cases']) + 1}", district, victim, perp, children, counter)
        self._incidents(info, first, band, most)
        opened = min(ctx.today, first + rng.randint(0, 10))
        doc["cases"].append({"id": info.cid, "area": ctx.districts[district].name, "opened": ctx.ds(opened),
                             "victims": [ctx.pid[victim]], "perpetrators": [ctx.pid[perp]],
                             "children": [ctx.pid[c] for c in children], "counter_allegation": counter})
        self.cases.append(info)
        self.keep_away.setdefault(perp, []).extend([victim, *children])
        self.abusers.setdefault(victim, []).append(perp)
        if not counter and rng.random() < self.abuse.assessed_share:
            self._assess(info, opened, band)
        self._referrals(info, opened)
        if not counter and rng.random() < self.abuse.order_share[band]:
            self._order(info)
        return info

    def _incidents(self, info: CaseInfo, first: int, band: str, most: int) -> None:
        """Write the case's incidents from `first` on, counting police call-outs per year."""
        ctx, rng = self.ctx, self.rng
        mean, gap = self.abuse.incidents[band]
        day, count = first, 0
        while day <= ctx.today:
            behaviours = [b for b, p in BEHAVIOURS if rng.random() < (p + 0.25 if band == "high" else p)]
            police = rng.random() < self.abuse.police_callout_share
            record = {"id": f"I{len(ctx.doc['incidents']) + 1}", "case": info.cid, "date": ctx.ds(day),
                      "by": ctx.pid[info.perp], "towards": ctx.pid[info.victim],
                      "behaviours": behaviours or ["psychological_or_emotional"], "police_callout": police}
            ctx.doc["incidents"].append(record)
            info.days.append(day)
            info.incidents.append(record)
            k = self.year_of(day)
            if police and k >= 0:
                self.police[k] += 1
            count += 1
            if (most and count >= most) or rng.random() > (mean - 1) / mean:
                break
            day += 1 + int(rng.expovariate(1.0 / gap))

    def _assess(self, info: CaseInfo, opened: int, band: str) -> None:
        """Write the DASH assessments, then the victim's consent."""
        ctx, rng = self.ctx, self.rng
        day = min(ctx.today, opened + rng.randint(0, 5))
        yes = dash.count_for(rng, band)
        info.band, info.assessed = dash.band_of(yes), day
        role = "idva" if rng.random() < 0.55 else "police_officer"
        assessor = rng.choice(ctx.staff[info.district][role])
        info.judgement = info.band != "high" and rng.random() < self.abuse.judgement_share
        last = info.days[-1]
        for n in range(4):
            ctx.doc["risk_assessments"].append({
                "id": f"R{len(ctx.doc['risk_assessments']) + 1}", "case": info.cid, "date": ctx.ds(day),
                "tool": "DASH", "answers": dash.answers(rng, yes), "assessor": assessor,
                "professional_judgement_high": info.judgement and n == 0})
            day += rng.randint(*self.abuse.reassess_days)
            if band == "standard" or day > ctx.today or day > last + 90:
                break
            yes = max(0, min(24, yes + rng.randint(-2, 2)))
        given, refused, _ = self.abuse.consent
        u = rng.random()
        info.consent = "given" if u < given else "refused" if u < given + refused else "withdrawn"
        scope = SCOPES[0] if info.band != "standard" else SCOPES[3]
        first_status = "given" if info.consent == "withdrawn" else info.consent
        self._consent(info.victim, scope, first_status, info.assessed, assessor)
        if info.consent == "withdrawn":
            self._consent(info.victim, scope, "withdrawn", min(ctx.today, info.assessed + rng.randint(14, 120)),
                          assessor)
        if info.band == "high" and info.consent == "given":
            self._consent(info.victim, SCOPES[1], "given", info.assessed, assessor)

    def _consent(self, person: int, scope: str, status: str, day: int, by: str) -> None:
        """Write one consent record."""
        ctx = self.ctx
        ctx.doc["consents"].append({"id": f"K{len(ctx.doc['consents']) + 1}", "person": ctx.pid[person],
                                    "scope": scope, "status": status, "date": ctx.ds(day), "recorded_by": by})

    def referral(self, info: CaseInfo, kind: str, source: str, target: str | None, day: int, basis: str) -> None:
        """Write a referral between two of the district's agencies."""
        ctx = self.ctx
        agencies = ctx.agency[info.district]
        record: Record = {"id": f"F{len(ctx.doc['referrals']) + 1}", "case": info.cid, "kind": kind,
                          "from_agency": agencies[source][0] if source in agencies else source,
                          "date": ctx.ds(min(ctx.today, day)), "basis": basis}
        if target:
            record["to_agency"] = agencies[target][0]
        ctx.doc["referrals"].append(record)

    def _referrals(self, info: CaseInfo, opened: int) -> None:
        """Write the referrals the case's risk, consent and children call for."""
        rng = self.rng
        day = (info.assessed or opened) + rng.randint(0, 3)
        consent = info.consent == "given"
        if info.band in ("medium", "high") and (consent or info.band == "high"):
            self.referral(info, "idva", "police", "idva_service", day, "consent" if consent else
                          "high_risk_safeguarding")
        elif info.band == "standard" and consent and rng.random() < 0.35:
            self.referral(info, "outreach", "police", "specialist_da_service", day, "consent")
        if consent and rng.random() < self.abuse.refuge_share * (3 if info.band == "high" else 1):
            self.referral(info, "refuge", "idva_service", "specialist_da_service", day + rng.randint(0, 14),
                          "consent")
        if info.children and rng.random() < (0.8 if info.band == "high" else 0.5):
            self.referral(info, "childrens_social_care", "police", "childrens_social_care", day, "child_protection")
        if rng.random() < 0.03:
            basis = "consent" if consent else rng.choice(("legal_duty", "lacks_capacity"))
            self.referral(info, "other", "health", "adult_social_care", day, basis)

    def _order(self, info: CaseInfo) -> None:
        """Write a court order against the perpetrator, sometimes with an exclusion zone."""
        ctx, rng = self.ctx, self.rng
        kind, _, (lo, hi) = rng.choices(ORDERS, [share for _, share, _ in ORDERS])[0]
        start = min(ctx.today, rng.choice(info.days) + rng.randint(3, 40))
        end = start + rng.randint(lo, hi) if kind != "restraining" or rng.random() < 0.5 else 0
        protected = [info.victim] + (info.children if info.children and rng.random() < 0.5 else [])
        record: Record = {"id": f"O{len(ctx.doc['court_orders']) + 1}", "kind": kind,
                          "respondent": ctx.pid[info.perp], "protected": [ctx.pid[p] for p in protected],
                          "start": ctx.ds(start), "end": ctx.ds(end) if end else None}
        home = ctx.home[info.victim]
        radius = 0
        if home >= 0 and rng.random() < self.abuse.exclusion_share:
            radius = rng.choice(self.abuse.exclusion_radii)
            record["exclusion_property"], record["exclusion_radius_m"] = ctx.hid[home], radius
        ctx.doc["court_orders"].append(record)
        self.orders.setdefault(info.perp, []).append((protected, home if radius else -1, radius))
