"""Guarantee (2): every number of report, stats, list and the site's data equals a count made here from the files.

The cases are the sample cases of 令和7年度上半期 with another 発生日 (in 2025H1 or 2025H2), 状態, 公表, 本人の数 and 団体名
(left out, this casebook's 県, or another body's). The expected numbers are counted from the YAML files read with ruamel.yaml,
without casebook's reading or counting code. Another body's case is a `check` error: it is never counted, and the
commands that stop on errors (report, stats, site) refuse while it is there.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from tests.conftest import ROOT, copy_sample
from tests.strategies import examples

PERIODS = {"2025H1": (date(2025, 4, 1), date(2025, 9, 30)), "2025H2": (date(2025, 10, 1), date(2026, 3, 31))}
TEMPLATES = sorted(p for p in (ROOT / "cases" / "2025").glob("*.yaml") if "non-public" not in p.name)
EDGES = [date(2025, 4, 1), date(2025, 9, 30), date(2025, 10, 1), date(2026, 3, 31)]
NON_PUBLIC = "非公表"
DRAFT = "調査中"
BODY = "県"  # the sample's casebook.yaml organisation
OTHER_BODY = "三重県"


def _written(day: date, style: int) -> str:
    reiwa = day.year - 2018
    return [f"R{reiwa}.{day.month}.{day.day}", day.isoformat(), f"令和{reiwa}年{day.month}月{day.day}日"][style]


persons = st.one_of(
    st.builds(lambda n: {"actual": n}, st.integers(0, 2000)),
    st.builds(lambda n, extra: {"actual": n, "total": n + extra}, st.integers(0, 2000), st.integers(0, 500)),
    st.just({"actual": "不明"}),
)
case_changes = st.fixed_dictionaries(
    {
        "template": st.integers(0, len(TEMPLATES) - 1),
        "day": st.one_of(st.dates(EDGES[0], EDGES[-1]), st.sampled_from(EDGES)),
        "style": st.integers(0, 2),
        "status": st.sampled_from(["確定", "確定", "確定", DRAFT]),
        "mode": st.sampled_from(["一括公表のみ", "個別公表", NON_PUBLIC]),
        "persons": persons,
        "organisation": st.sampled_from([None, None, None, BODY, OTHER_BODY]),
    }
)


def _write_cases(folder: Path, changes: list[dict[str, Any]]) -> None:
    yaml = YAML()
    for old in (folder / "cases" / "2025").glob("*.yaml"):
        old.unlink()
    for number, change in enumerate(changes):
        case = yaml.load(TEMPLATES[change["template"]].read_text(encoding="utf-8"))
        case["id"] = f"case-{number:03d}"
        case["occurred"] = _written(change["day"], change["style"])
        case["status"] = change["status"]
        case["persons"] = dict(change["persons"])
        if change["organisation"] is not None:
            case.insert(3, "organisation", change["organisation"])
        if change["mode"] == NON_PUBLIC:
            case["publication"] = {"mode": NON_PUBLIC, "criterion": 3, "reason": "被害者が公表を望まないため"}
        else:
            case["publication"] = {"mode": change["mode"]}
        with (folder / "cases" / "2025" / f"case-{number:03d}.yaml").open("w", encoding="utf-8") as out:
            yaml.dump(case, out)


# The independent count: what a person would count from the files with the README in hand.

_REIWA = re.compile(r"(?:R|令和)(\d+)[.年](\d+)[.月](\d+)日?")


def _day(text: str) -> date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    found = _REIWA.fullmatch(text)
    assert found, text
    year, month, day = (int(g) for g in found.groups())
    return date(2018 + year, month, day)


@dataclass(frozen=True)
class Filed:
    id: str
    occurred: date
    draft: bool
    non_public: bool
    individual: bool
    category: str
    unit_kind: str
    actual: int | None  # None: 不明
    total: int | None
    other_body: bool  # another body's case: in no count of this casebook


def _read(folder: Path) -> list[Filed]:
    yaml = YAML(typ="safe")
    filed = []
    for path in sorted((folder / "cases").rglob("*.yaml")):
        case = yaml.load(path.read_text(encoding="utf-8"))
        if not str(case["id"]).startswith("case-"):
            continue  # the older sample cases: no 2025 date, so in neither period (checked below)
        people = case["persons"]
        actual = people["actual"] if isinstance(people["actual"], int) else None
        filed.append(
            Filed(
                id=case["id"],
                occurred=_day(str(case["occurred"])),
                draft=case["status"] == DRAFT,
                non_public=case["publication"]["mode"] == NON_PUBLIC,
                individual=case["publication"]["mode"] == "個別公表",
                category=case["category"],
                unit_kind=case["unit_kind"],
                actual=actual,
                total=people.get("total", actual) if actual is not None else None,
                other_body=case.get("organisation", BODY) != BODY,
            )
        )
    return filed


@dataclass(frozen=True)
class Expected:
    cases: int
    non_public: int
    drafts: int
    individual: int
    actual: int
    total: int
    unknown: int
    by_category_unit: dict[str, dict[str, int]]
    by_category: dict[str, tuple[int, int, int, int]]  # category → cases, persons, unknown, withheld
    ids: set[str]


def _expected(filed: list[Filed], code: str) -> Expected:
    start, end = PERIODS[code]
    inside = [f for f in filed if start <= f.occurred <= end and not f.other_body]
    settled = [f for f in inside if not f.draft]
    public = [f for f in settled if not f.non_public]
    matrix: dict[str, Counter[str]] = {}
    by_category: dict[str, list[int]] = {}
    for f in settled:
        group = NON_PUBLIC if f.non_public else f.category
        matrix.setdefault(group, Counter())[NON_PUBLIC if f.non_public else f.unit_kind] += 1
        cell = by_category.setdefault(group, [0, 0, 0, 0])
        cell[0] += 1
        if f.non_public:
            cell[3] += 1
        elif f.actual is None:
            cell[2] += 1
        else:
            cell[1] += f.actual
    return Expected(
        cases=len(settled),
        non_public=sum(f.non_public for f in settled),
        drafts=len(inside) - len(settled),
        individual=sum(f.individual for f in settled),
        actual=sum(f.actual for f in public if f.actual is not None),
        total=sum(f.total for f in public if f.total is not None),
        unknown=sum(f.actual is None for f in public),
        by_category_unit={k: dict(v) for k, v in matrix.items()},
        by_category={k: (v[0], v[1], v[2], v[3]) for k, v in by_category.items()},
        ids={f.id for f in settled},
    )


def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _check_report(cli: Any, folder: Path, code: str, expected: Expected, before: Expected | None) -> None:
    result = cli("report", code, "--format", "json", cwd=folder)
    if expected.drafts:  # a draft in the period: the report stops rather than count it
        assert result.exit_code != 0
        assert not result.stdout.strip()
        return
    report = _json(result)
    assert (report["cases"], report["non_public"], report["drafts"]) == (expected.cases, expected.non_public, 0)
    assert len(report["rows"]) == expected.cases - expected.non_public  # a non-public case is never a row
    assert [row["NO"] for row in report["rows"]] == list(range(1, expected.cases - expected.non_public + 1))
    totals = report["totals"]
    assert totals["cases"] == expected.cases
    assert totals["non_public"] == expected.non_public
    assert totals["by_category_unit"] == expected.by_category_unit
    assert (totals["persons_actual"], totals["persons_total"], totals["persons_unknown_cases"]) == (
        expected.actual,
        expected.total,
        expected.unknown,
    )
    assert totals["individually_published"] == expected.individual
    assert totals["publication_undecided"] == 0
    if before is not None:  # the column of the period before counts its settled cases only
        previous = report["previous"]
        assert (previous["cases"], previous["non_public"], previous["by_category_unit"]) == (
            before.cases,
            before.non_public,
            before.by_category_unit,
        )
        assert (previous["persons_actual"], previous["persons_total"], previous["persons_unknown_cases"]) == (
            before.actual,
            before.total,
            before.unknown,
        )
        assert previous["individually_published"] == before.individual


def _check_stats(cli: Any, folder: Path, expected: dict[str, Expected]) -> None:
    stats = _json(cli("stats", *PERIODS, "--format", "json", cwd=folder))
    assert [p["code"] for p in stats["periods"]] == list(PERIODS)
    for column, code in enumerate(PERIODS):
        want = expected[code]
        total = stats["totals"][column]
        assert (total["cases"], total["persons"], total["persons_unknown_cases"], total["persons_withheld_cases"]) == (
            want.cases,
            want.actual,
            want.unknown,
            want.non_public,
        )
        groups = {
            g["key"] if g["key"] is not None else g["label"]: tuple(
                g["cells"][column][k] for k in ("cases", "persons", "persons_unknown_cases", "persons_withheld_cases")
            )
            for g in stats["groups"]
        }
        assert {k: v for k, v in groups.items() if v[0]} == want.by_category
    assert stats["drafts_left_out"] == sum(e.drafts for e in expected.values())


def _check_list(cli: Any, folder: Path, code: str, expected: Expected, drafts: set[str], *, errors: bool) -> None:
    result = cli("list", code, "--format", "json", cwd=folder)
    if errors:  # the list goes on without the cases that have errors, says so, and exits 1
        assert result.exit_code == 1 and "エラーのある事案ファイル" in result.stderr, result.output
    listed = json.loads(result.stdout) if errors else _json(result)
    ids = {row["id"] for row in listed}
    assert ids - drafts == expected.ids  # every settled case of the period, non-public ones included (an internal list)
    assert len(listed) == len(ids)
    by_id = {row["id"]: row for row in listed}
    for row in by_id.values():
        start, end = PERIODS[code]
        assert start.isoformat() <= row["occurred_first"] <= end.isoformat()


def _check_refused(cli: Any, folder: Path) -> None:
    for args in (["report", "2025H1", "--format", "json"], ["report", "2025H2", "--allow-draft"], ["stats", *PERIODS, "--format", "json"]):
        result = cli(*args, cwd=folder)
        assert result.exit_code != 0 and not result.stdout.strip(), (args, result.output)
        assert "organisation" in result.stderr or "団体名" in result.stderr, (args, result.stderr)
    out = folder / "site"
    result = cli("site", "--out", str(out), "--no-pdf", "--no-search", "--allow-draft", cwd=folder)
    assert result.exit_code != 0 and not out.exists(), result.output


def _check_site(cli: Any, folder: Path, expected: dict[str, Expected], drafts: bool) -> None:
    out = folder / "site"
    result = cli("site", "--out", str(out), "--no-pdf", "--no-search", cwd=folder)
    if drafts:  # the site stops at a draft unless told (with --allow-draft it counts drafts as report --allow-draft does)
        assert result.exit_code != 0
        assert not out.exists()
        return
    assert result.exit_code == 0, result.output
    periods = {row["period"]: row for row in json.loads((out / "data" / "periods.json").read_text(encoding="utf-8"))}
    cases = json.loads((out / "data" / "cases.json").read_text(encoding="utf-8"))
    for code, want in expected.items():
        row = periods.get(code, {})
        got = tuple(row.get(k, 0) for k in ("cases", "non_public", "published", "individually_published"))
        assert got == (want.cases, want.non_public, want.cases - want.non_public, want.individual), code
        got = tuple(row.get(k, 0) for k in ("persons_actual", "persons_total", "persons_unknown_cases"))
        assert got == (want.actual, want.total, want.unknown), code
        assert sum(c["period"] == code for c in cases) == want.cases - want.non_public, code


@settings(
    max_examples=examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(changes=st.lists(case_changes, min_size=0, max_size=12))
def test_every_number_equals_a_count_of_the_files(
    cli: Any, tmp_path_factory: pytest.TempPathFactory, changes: list[dict[str, Any]]
) -> None:
    folder = copy_sample(tmp_path_factory.mktemp("book"))
    _write_cases(folder, changes)
    filed = _read(folder)
    others = {f.id for f in filed if f.other_body}
    checked = cli("check", "--format", "json", cwd=folder)
    errors = {(Path(f["path"]).stem, f["rule"]) for f in json.loads(checked.stdout)["findings"] if f["severity"] == "error"}
    assert errors == {(case_id, "organisation") for case_id in others}, checked.output
    assert checked.exit_code == (1 if others else 0)
    expected = {code: _expected(filed, code) for code in PERIODS}
    drafts = {f.id for f in filed if f.draft and not f.other_body}
    for code in PERIODS:
        _check_list(cli, folder, code, expected[code], drafts, errors=bool(others))
    if others:  # the commands that publish or total stop at a check error rather than leave a case out
        event("another body's case: refused")
        _check_refused(cli, folder)
        return
    event("one body's cases: counted")
    _check_report(cli, folder, "2025H1", expected["2025H1"], None)
    _check_report(cli, folder, "2025H2", expected["2025H2"], expected["2025H1"])
    _check_stats(cli, folder, expected)
    _check_site(cli, folder, expected, bool(drafts))
