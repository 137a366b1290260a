"""Secrets in one text: the fast keyword prefilter, the provider rules, the keyword-context
pass for passwords and generic secrets, AWS key pairing, and overlap resolution.

The content arrives as bytes: it is lower-cased once and every rule keyword is looked up in
it (``bytes.__contains__``, a C memchr/two-way search), and only then is it decoded and the
regexes of the rules whose keywords occur are run.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable

from vigil.model import Confidence
from vigil.scanners.secrets import context
from vigil.scanners.secrets.filters import is_example, is_reference
from vigil.scanners.secrets.hit import Hit, Located
from vigil.scanners.secrets.rules import BY_ID, RULES, Rule
from vigil.scanners.secrets.validators import VALIDATORS, entropy, has_classes

#: Rules whose matches the detector builds itself rather than from their own regex.
_BUILT = frozenset({"VIGIL-SECRET-AWS-KEY-PAIR", "VIGIL-SECRET-PASSWORD", "VIGIL-SECRET-GENERIC"})
#: Provider-format placeholders, matched case-sensitively so random tokens never trip them.
_PROVIDER_EXAMPLE = re.compile(
    r"EXAMPLE|[Ee]xample|XXXX|xxxx|\.\.\.|…|<|>|\*\*\*|[Dd]ummy|DUMMY|[Ss]ample|SAMPLE|"
    r"[Ff]ake|FAKE|[Yy]our|YOUR|(.)\1{5,}"
)
#: A 40-character AWS secret access key candidate near an access key id.
_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_AWS_PAIR_LINES = 5
_AWS_SECRET_FINDERS = frozenset(
    {"VIGIL-SECRET-AWS-SECRET-KEY", "VIGIL-SECRET-GENERIC", "VIGIL-SECRET-PASSWORD"}
)
#: Which hit wins when two overlap: lower first.
_PRIORITY = {"gcp": 0, "aws": 1, "private-key": 3, "jwt": 3, "uri": 3, "generic": 5, "password": 5}


class Detector:
    """Every enabled rule, compiled once; ``scan`` is safe to call from one thread at a time
    per instance (it keeps no state between calls)."""

    def __init__(self, disabled: Iterable[str] = ()) -> None:
        import ahocorasick

        off = set(disabled)
        self._rules = [r for r in RULES if r.id not in off and r.id not in _BUILT]
        self._compiled = {r.id: re.compile(r.pattern, r.flags) for r in self._rules}
        # Every rule keyword in one automaton: a single C pass over the text finds them all.
        self._automaton = ahocorasick.Automaton()
        for keyword in {k for r in self._rules for k in r.keywords}:
            self._automaton.add_word(keyword, keyword)
        self._automaton.make_automaton()
        self._generic = "VIGIL-SECRET-GENERIC" not in off
        self._passwords = "VIGIL-SECRET-PASSWORD" not in off
        self._pairs = "VIGIL-SECRET-AWS-KEY-PAIR" not in off

    def scan(self, content: bytes, path: str) -> list[Located]:
        """Every secret in ``content`` (the bytes of the file at ``path``), in text order."""
        text = content.decode("utf-8", "replace")
        # One ASCII character per character of ``text``, so offsets found in it are offsets
        # in ``text``; lower case, so keywords match in any case.
        folded = text.encode("ascii", "replace").lower().decode("ascii")
        lines = self._keyword_lines(folded)
        keyword_lines = (self._generic or self._passwords) and context.has_keywords(folded)
        if not lines and not keyword_lines:
            return []
        hits: list[Hit] = []
        vetoed: list[tuple[int, int]] = []
        for rule in self._rules:
            keys = [k for k in rule.keywords if k in lines]
            if keys and all(c in folded for c in rule.context):
                spans = [(0, len(text))] if rule.whole_file else _spans(lines, keys)
                hits.extend(self._rule_hits(rule, text, spans, vetoed))
        if keyword_lines and not context.skips_keyword_rules(path):
            kinds = {"generic"} if self._generic else set()
            kinds |= {"password"} if self._passwords else set()
            hits.extend(context.assignments(text, folded, path, kinds))
        if vetoed:
            disproved = _SpanIndex(vetoed)
            hits = [h for h in hits if not disproved.overlaps(h.start, h.end)]
        if self._pairs:
            hits = _pair_aws(hits, text)
        return _locate(_resolve_overlaps(hits), text)

    def _keyword_lines(self, folded: str) -> dict[str, list[tuple[int, int]]]:
        """For each keyword in the text, the (start, end) offsets of the lines holding it."""
        lines: dict[str, list[tuple[int, int]]] = {}
        last: dict[str, int] = {}
        for end, keyword in self._automaton.iter(folded):
            if end < last.get(keyword, -1):
                continue  # on a line already listed for this keyword
            start = folded.rfind("\n", 0, end) + 1
            stop = folded.find("\n", end)
            stop = len(folded) if stop < 0 else stop
            lines.setdefault(keyword, []).append((start, stop))
            last[keyword] = stop
        return lines

    def _rule_hits(
        self, rule: Rule, text: str, spans: list[tuple[int, int]], vetoed: list[tuple[int, int]]
    ) -> Iterable[Hit]:
        """The rule's matches in ``spans`` that pass its filters; a match its validator
        disproves is added to ``vetoed``: a token with a wrong checksum is no generic secret
        either."""
        validator = VALIDATORS.get(rule.validator or "")
        pattern = self._compiled[rule.id]
        matches = (m for start, end in spans for m in pattern.finditer(text, start, end))
        for match in matches:
            group = "secret" if "secret" in match.re.groupindex else 0
            secret = match.group(group)
            start, end = match.span(group)
            confidence = Confidence.MEDIUM
            if rule.kind == "uri":
                if not context.plausible_uri_password(match.group(0), secret):
                    continue
                confidence = Confidence.LOW
            elif rule.kind == "generic":
                if is_reference(secret) or is_example(secret) or entropy(secret) < 3.0:
                    continue
                confidence = Confidence.LOW
            elif rule.kind != "private-key" and _PROVIDER_EXAMPLE.search(secret):
                continue
            if validator is not None:
                verdict = validator(secret)
                if verdict is False:
                    vetoed.append((start, end))
                    continue
                if verdict:
                    confidence = Confidence.HIGH
            yield Hit(rule, secret, start, end, confidence)


def _spans(lines: dict[str, list[tuple[int, int]]], keywords: list[str]) -> list[tuple[int, int]]:
    if len(keywords) == 1:
        return lines[keywords[0]]
    return sorted({span for k in keywords for span in lines[k]})


def _pair_aws(hits: list[Hit], text: str) -> list[Hit]:
    """An AWS access key id with a secret access key within a few lines becomes one finding
    whose secret is the secret key; the findings it replaces (the id, and whatever rule found
    the secret key: its own, or a generic one) are dropped."""
    ids = [h for h in hits if h.rule.id == "VIGIL-SECRET-AWS-ACCESS-KEY"]
    if not ids:
        return hits
    # A 40-character value another provider rule (or an Authorization header) already claims
    # is that credential, not an AWS secret key.
    claimed = _SpanIndex([(h.start, h.end) for h in hits if h.rule.id not in _AWS_SECRET_FINDERS])
    used: set[int] = set()
    replaced: set[int] = set()
    pairs = []
    for hit in ids:
        window_start = _line_start(text, hit.start, _AWS_PAIR_LINES)
        window_end = _line_end(text, hit.end, _AWS_PAIR_LINES)
        for candidate in _AWS_SECRET.finditer(text, window_start, window_end):
            secret, start, end = candidate.group(), candidate.start(), candidate.end()
            if start in used or not _aws_secret_like(secret):
                continue
            if claimed.overlaps(start, end):
                continue
            used.add(candidate.start())
            replaced.add(id(hit))
            pairs.append(
                Hit(BY_ID["VIGIL-SECRET-AWS-KEY-PAIR"], secret, hit.start, hit.end, Confidence.HIGH)
            )
            break
    taken = _SpanIndex([(start, start + 40) for start in used])
    kept = [h for h in hits if id(h) not in replaced and not taken.overlaps(h.start, h.end)]
    return kept + pairs


def _aws_secret_like(secret: str) -> bool:
    return (
        has_classes(secret, 3) and entropy(secret) >= 4.0 and not _PROVIDER_EXAMPLE.search(secret)
    )


def _line_start(text: str, position: int, lines: int) -> int:
    for _ in range(lines + 1):
        position = text.rfind("\n", 0, position)
        if position < 0:
            return 0
    return position + 1


def _line_end(text: str, position: int, lines: int) -> int:
    for _ in range(lines + 1):
        position = text.find("\n", position + 1)
        if position < 0:
            return len(text)
    return position


class _SpanIndex:
    """Spans (possibly overlapping) answering "does any overlap [start, end)?" in log time:
    files with thousands of matches must not cost a quadratic number of comparisons."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(itertools.accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self._starts, end)  # the spans that start before ``end``
        return before > 0 and self._reach[before - 1] > start


def _resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Where hits overlap, the most specific rule wins (a GitHub token assigned to
    ``token = ...`` is a GitHub token, not a generic secret)."""
    if len(hits) < 2:
        return hits
    ranked = sorted(hits, key=lambda h: (_PRIORITY.get(h.rule.kind, 2), h.start))
    starts: list[int] = []  # the kept hits, which never overlap each other, by start
    kept: list[Hit] = []
    for hit in ranked:
        at = bisect.bisect_right(starts, hit.start)
        if at > 0 and kept[at - 1].end > hit.start:
            continue
        if at < len(kept) and kept[at].start < hit.end:
            continue
        starts.insert(at, hit.start)
        kept.insert(at, hit)
    return kept


def _locate(hits: list[Hit], text: str) -> list[Located]:
    """Lines and columns of every hit, from one index of the text's line starts."""
    if not hits:
        return []
    breaks = [m.start() for m in re.finditer("\n", text)]
    placed = []
    for hit in hits:
        line = bisect.bisect_left(breaks, hit.start)
        end_line = bisect.bisect_left(breaks, hit.end - 1) if hit.end > hit.start else line
        line_start = breaks[line - 1] + 1 if line else 0
        end_start = breaks[end_line - 1] + 1 if end_line else 0
        placed.append(
            Located(
                hit.rule,
                hit.secret,
                line + 1,
                end_line + 1,
                hit.start - line_start + 1,
                hit.end - end_start + 1,
                hit.confidence,
            )
        )
    return placed
