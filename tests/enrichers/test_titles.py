"""Job titles: the table of real-world titles in title_cases.csv is the specification."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from enrichers.titles import DEPARTMENTS, SENIORITIES, TitleClassifier, classify_title, load_title_rules

CASES = Path(__file__).parent / "title_cases.csv"


def _cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_title_table_is_big_multilingual_and_uses_known_labels():
    cases = _cases()
    assert len(cases) >= 100
    assert {c["expected_seniority"] for c in cases} == set(SENIORITIES)
    assert {c["expected_department"] for c in cases} == set(DEPARTMENTS)
    for example in ("Leiter Vertrieb", "Directrice Marketing", "Jefe de Ventas", "Geschäftsführer", "PDG",
                    "Werkstudent", "Head of RevOps", "VP, Demand Gen", "Sr. Mgr Sales Ops",
                    "Director, Warehouse Mgmt", "CTO", "Intern", "Student"):
        assert example in {c["title"] for c in cases}


def test_title_table_at_least_95_percent_exact():
    cases = _cases()
    mismatches = []
    for case in cases:
        facts = classify_title(case["title"])
        got = (facts.seniority, facts.department)
        want = (case["expected_seniority"], case["expected_department"])
        if got != want:
            mismatches.append(f"{case['title']!r}: got {got}, expected {want}")
    exact = 1 - len(mismatches) / len(cases)
    print(f"{len(cases) - len(mismatches)} of {len(cases)} titles exact ({exact:.1%})")
    assert exact >= 0.95, "mismatches:\n" + "\n".join(mismatches)


@pytest.mark.parametrize(
    ("title", "authority"),
    [
        ("CEO", True),
        ("VP, Demand Gen", True),
        ("Leiter Vertrieb", True),
        ("Head of RevOps", True),
        ("Owner", True),
        ("Co-Founder & Software Engineer", True),
        ("Founder", True),
        ("Inhaber", True),
        ("Sr. Mgr Sales Ops", False),
        ("Account Executive", False),
        ("Product Owner", False),
        ("Werkstudent", False),
        ("Executive Assistant to the CEO", False),
        (None, False),
    ],
)
def test_buying_authority(title, authority):
    assert classify_title(title).has_buying_authority is authority


def test_missing_titles_are_unknown_other():
    for title in (None, "", "   ", float("nan"), "-", "n/a"):
        facts = classify_title(title)
        assert (facts.seniority, facts.department, facts.has_buying_authority) == ("unknown", "other", False)


def test_rules_file_with_a_wrong_label_is_refused(tmp_path):
    rules = tmp_path / "rules.yml"
    rules.write_text("seniority:\n  - [boss, 'ceo']\ndepartment:\n  - [other, '.*']\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown label 'boss'"):
        load_title_rules(rules)


def test_custom_rules_are_used_in_order(tmp_path):
    rules = tmp_path / "rules.yml"
    rules.write_text(
        "seniority:\n  - [vp, 'chef']\n  - [manager, 'chef|manager']\n"
        "department:\n  - [sales, 'verkauf']\n  - [other, '.*']\n"
        "buying_authority:\n  levels: [vp]\n",
        encoding="utf-8",
    )
    facts = TitleClassifier(load_title_rules(rules)).classify("Chef Verkäufer")
    assert (facts.seniority, facts.department, facts.has_buying_authority) == ("vp", "sales", True)
