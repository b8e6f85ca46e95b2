"""Job title -> seniority, department and buying authority.

The rules are data: ordered (label, regex) lists in data/title_rules.yml, first match wins. This module
only folds titles and applies those lists, so reviewing a rule change means reading the YAML diff.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

RULES_PATH = Path(__file__).parent / "data" / "title_rules.yml"

SENIORITIES = (
    "c_level",
    "vp",
    "director",
    "manager",
    "individual_contributor",
    "student_intern",
    "unknown",
)
DEPARTMENTS = ("sales", "marketing", "revops", "engineering_it", "finance", "hr", "operations", "other")

_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class TitleFacts:
    seniority: str
    department: str
    has_buying_authority: bool


@dataclass(frozen=True)
class TitleRules:
    seniority: tuple[tuple[str, re.Pattern[str]], ...]
    department: tuple[tuple[str, re.Pattern[str]], ...]
    authority_levels: frozenset[str]
    authority_patterns: tuple[re.Pattern[str], ...]


def _strip_accents(text: str) -> str:
    # casefold turns ß into ss; NFKD splits é into e + accent, and the accent is dropped.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_title(title: object) -> str:
    """Lower-case, accent-free title with every run of non-word characters replaced by one space."""
    if title is None or (isinstance(title, float) and math.isnan(title)):
        return ""
    return " ".join(_NOT_WORD.sub(" ", _strip_accents(str(title))).split())


def _compile(entries: list, allowed: tuple[str, ...], section: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    rules = []
    for position, entry in enumerate(entries, start=1):
        label, pattern = entry
        if label not in allowed:
            raise ValueError(f"title rules: {section} rule {position} has unknown label {label!r}")
        try:
            rules.append((label, re.compile(_strip_accents(pattern))))
        except re.error as exc:
            raise ValueError(f"title rules: {section} rule {position} is not a valid regex: {exc}") from exc
    return tuple(rules)


def load_title_rules(path: Path | str = RULES_PATH) -> TitleRules:
    """Read and compile a rules file; raises ValueError naming the rule that is wrong."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    authority = data.get("buying_authority", {})
    levels = frozenset(authority.get("levels", []))
    if not levels <= set(SENIORITIES):
        raise ValueError(f"title rules: buying_authority.levels has unknown values {sorted(levels - set(SENIORITIES))}")
    return TitleRules(
        seniority=_compile(data["seniority"], SENIORITIES, "seniority"),
        department=_compile(data["department"], DEPARTMENTS, "department"),
        authority_levels=levels,
        authority_patterns=tuple(re.compile(_strip_accents(p)) for p in authority.get("patterns", [])),
    )


def _first_match(rules: tuple[tuple[str, re.Pattern[str]], ...], folded: str, default: str) -> str:
    for label, pattern in rules:
        if pattern.search(folded):
            return label
    return default


class TitleClassifier:
    """Applies one set of title rules, remembering the answer for every distinct title it has seen."""

    def __init__(self, rules: TitleRules | None = None):
        self.rules = rules or load_title_rules()
        self._seen: dict[str, TitleFacts] = {}

    def classify(self, title: object) -> TitleFacts:
        """Seniority, department and buying authority of a title; a missing title is unknown/other/False."""
        folded = fold_title(title)
        facts = self._seen.get(folded)
        if facts is None:
            seniority = _first_match(self.rules.seniority, folded, "unknown")
            department = _first_match(self.rules.department, folded, "other")
            authority = seniority in self.rules.authority_levels or (
                seniority != "student_intern" and any(p.search(folded) for p in self.rules.authority_patterns)
            )
            facts = self._seen[folded] = TitleFacts(seniority, department, authority)
        return facts


_default_classifier: TitleClassifier | None = None


def classify_title(title: object) -> TitleFacts:
    """Classify one title with the bundled rules (data/title_rules.yml)."""
    global _default_classifier
    if _default_classifier is None:
        _default_classifier = TitleClassifier()
    return _default_classifier.classify(title)
