"""Judge finding records against a policy: a pure function of records, policy, KEV set and day.

The order of decisions, for each record that is not fixed:

1. triaged: false-positive, or accepted with ``accepted_until`` on or after today, never fails
   (an acceptance without an expiry date, or past it, is judged like an open finding, with a
   warning);
2. suppressed: the first active suppression that matches takes the record out of the gate;
   expired suppressions are reported as warnings and match nothing;
3. always-fail rules: a CVE in the KEV set, or a secret, fails whatever its severity (each
   rule reaches all open records, only new ones, or is off);
4. judged records (only new ones when ``new_only``) fail when a count limit that counts them
   is exceeded, or, when no limit counts them, at or above their category's threshold.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date

from vigil.model import Category, FindingRecord, Severity, Status
from vigil.policy.model import AppliesTo, Limit, Policy, Population
from vigil.policy.suppression import Suppression
from vigil.policy.verdict import Breach, Rule, Suppressed, Verdict, Violation

#: Suppressions that still match findings are announced this many days before they expire.
EXPIRY_NOTICE_DAYS = 14

_RULE_ORDER = {rule: index for index, rule in enumerate(Rule)}


def evaluate(
    records: Sequence[FindingRecord],
    policy: Policy,
    *,
    kev: frozenset[str],
    today: date,
    population: Population | None = None,
) -> Verdict:
    """Decide whether ``records`` pass ``policy`` on ``today``.

    ``kev`` is the set of CVE ids in CISA's Known Exploited Vulnerabilities catalog (empty when
    no catalog was loaded, which is warned about while the KEV rule is on). When a store gave
    only the records that can matter (see ``model.relevance``), ``population`` carries the
    counts of all unfixed findings for the verdict's summary.
    """
    live = [r for r in records if r.status is not Status.FIXED]
    warnings: list[str] = []
    triaged: list[FindingRecord] = []
    open_records: list[FindingRecord] = []
    for record in live:
        note = _triage_note(record, today)
        if note is None:
            triaged.append(record)
        else:
            open_records.append(record)
            if note:
                warnings.append(note)
    suppressed, judged = _apply_suppressions(open_records, policy.suppressions, today)
    warnings.extend(_suppression_warnings(open_records, suppressed, policy.suppressions, today))
    if policy.kev is not AppliesTo.OFF and not kev:
        warnings.append(
            "the KEV rule is on but no KEV catalog was loaded, so it checked nothing"
            " (set kev_catalog in the policy or VIGIL_KEV_CATALOG)"
        )
    violations = _violations(judged, policy, frozenset(i.strip().upper() for i in kev))
    counts = dict.fromkeys(sorted(Severity, reverse=True), 0)
    if population is not None:
        counts.update(population.counts)
        known = population.known
    else:
        for record in live:
            counts[record.finding.severity] += 1
        known = sum(1 for r in live if not r.is_new)
    return Verdict(
        passed=not violations,
        policy=policy.source,
        violations=violations,
        suppressed=tuple(suppressed),
        triaged=tuple(triaged),
        counts=counts,
        warnings=tuple(warnings),
        known=known,
        today=today,
    )


def _triage_note(record: FindingRecord, today: date) -> str | None:
    """None when a human decision keeps the record out of the gate, else a warning ("" if none)."""
    if record.status in (Status.FALSE_POSITIVE, Status.SUPPRESSED):
        return None
    if record.status is not Status.ACCEPTED:
        return ""
    title = f"{record.finding.title!r} ({record.fingerprint})"
    if record.accepted_until is None:
        return f"accepted finding {title} has no expiry date, so it is judged like an open one"
    if record.accepted_until >= today:
        return None
    return (
        f"acceptance of {title} expired on {record.accepted_until.isoformat()},"
        " so it is judged like an open one"
    )


def _apply_suppressions(
    records: list[FindingRecord], suppressions: tuple[Suppression, ...], today: date
) -> tuple[list[Suppressed], list[FindingRecord]]:
    active = [s for s in suppressions if s.is_active(today)]
    suppressed: list[Suppressed] = []
    judged: list[FindingRecord] = []
    for record in records:
        match = next((s for s in active if s.matches(record)), None)
        if match is None:
            judged.append(record)
        else:
            suppressed.append(Suppressed(record, match))
    return suppressed, judged


def _suppression_warnings(
    records: list[FindingRecord],
    suppressed: list[Suppressed],
    suppressions: tuple[Suppression, ...],
    today: date,
) -> list[str]:
    used = {id(item.suppression) for item in suppressed}
    warnings: list[str] = []
    unused: list[str] = []
    for suppression in suppressions:
        if not suppression.is_active(today):
            hits = sum(1 for r in records if suppression.matches(r))
            warnings.append(
                f"suppression {suppression.describe()} expired on"
                f" {suppression.expires.isoformat()} and no longer applies"
                f" ({_findings(hits)} it matches count again)"
            )
        elif id(suppression) not in used:
            unused.append(f"#{suppression.number}")
        elif (suppression.expires - today).days < EXPIRY_NOTICE_DAYS:
            days = (suppression.expires - today).days
            warnings.append(
                f"suppression {suppression.describe()} expires on"
                f" {suppression.expires.isoformat()} ({_days(days)})"
            )
    if unused:
        warnings.append(
            f"suppressions {', '.join(unused)} match no finding here (remove them once fixed)"
        )
    return warnings


def _violations(
    judged: list[FindingRecord], policy: Policy, kev: frozenset[str]
) -> tuple[Violation, ...]:
    breaches = [_always_fail(record, policy, kev) for record in judged]
    gating = [i for i, r in enumerate(judged) if r.is_new or not policy.new_only]
    exceeded = _exceeded_limits([judged[i] for i in gating], policy.limits)
    for index in gating:
        finding = judged[index].finding
        covering = [lim for lim in policy.limits if lim.counts(finding.severity, finding.category)]
        if covering:
            breaches[index].extend(
                _limit_breach(lim, exceeded[lim], policy.new_only)
                for lim in covering
                if lim in exceeded
            )
            continue
        threshold = policy.threshold_for(finding.category)
        if threshold is not None and finding.severity >= threshold:
            breaches[index].append(_severity_breach(judged[index], policy, threshold))
    violations = [Violation.of(r, tuple(b)) for r, b in zip(judged, breaches, strict=True) if b]
    violations.sort(
        key=lambda v: (
            _RULE_ORDER[v.rule],
            -v.severity,
            v.where.casefold(),
            v.record.finding.title,
            v.fingerprint,
        )
    )
    return tuple(violations)


def _always_fail(record: FindingRecord, policy: Policy, kev: frozenset[str]) -> list[Breach]:
    finding = record.finding
    found: list[Breach] = []
    if kev and finding.vulnerability_ids and _reaches(policy.kev, record):
        ids = dict.fromkeys(v.strip().upper() for v in finding.vulnerability_ids)
        listed = [i for i in ids if i in kev]
        if listed:
            found.append(
                Breach(
                    Rule.KEV,
                    f"{' and '.join(listed)} {'is' if len(listed) == 1 else 'are'} in CISA's"
                    " Known Exploited Vulnerabilities catalog: attackers exploit it now,"
                    " so it fails whatever its severity",
                )
            )
    is_secret = finding.category is Category.SECRET or finding.secret_hash is not None
    if is_secret and _reaches(policy.secrets, record):
        found.append(
            Breach(
                Rule.SECRET,
                "a secret is exposed here; secrets fail whatever their severity:"
                " revoke and rotate it, then remove it from the code and history",
            )
        )
    return found


def _reaches(applies: AppliesTo, record: FindingRecord) -> bool:
    return applies is AppliesTo.ALL or (applies is AppliesTo.NEW and record.is_new)


def _exceeded_limits(gating: list[FindingRecord], limits: tuple[Limit, ...]) -> dict[Limit, int]:
    exceeded: dict[Limit, int] = {}
    for limit in limits:
        count = sum(1 for r in gating if limit.counts(r.finding.severity, r.finding.category))
        if count > limit.max:
            exceeded[limit] = count
    return exceeded


def _limit_breach(limit: Limit, count: int, new_only: bool) -> Breach:
    scope = f" {limit.category.value}" if limit.category else ""
    new = "new " if new_only else ""
    return Breach(
        Rule.LIMIT,
        f"there are {count} {new}{limit.severity.label}{scope} findings and the policy allows"
        f" at most {limit.max}",
    )


def _severity_breach(record: FindingRecord, policy: Policy, threshold: Severity) -> Breach:
    category = record.finding.category
    scope = f"{category.value} " if category in policy.category_thresholds else ""
    return _threshold_breach(policy.new_only, scope, threshold, record.finding.severity)


@functools.cache
def _threshold_breach(
    new_only: bool, scope: str, threshold: Severity, severity: Severity
) -> Breach:
    # Breaches are values: thousands of failing findings share a handful of them.
    new = "new " if new_only else ""
    return Breach(
        Rule.SEVERITY,
        f"the policy fails {new}{scope}findings of severity {threshold.label} or above,"
        f" and this one is {severity.label}",
    )


def _findings(count: int) -> str:
    return "1 finding" if count == 1 else f"{count} findings"


def _days(days: int) -> str:
    if days == 0:
        return "last day"
    return "1 day left" if days == 1 else f"{days} days left"
