"""The conventions of docs/notices/<kind>.md hold: every fact a convention names is printed, for every value.

One case with every field filled (each value distinct) is rendered as each kind, for every 事案の分類, 漏えいの区分,
二次被害の有無, 公表区分 and report kind, and for every combination of withheld facts. Every field a kind's
convention names (`field` in its doc) must appear; a withheld fact must not be stated in any wording; no output
may hold a join of scripts/prose/forbidden-joins.txt.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from typing import Any

import pytest
from conftest import EXAMPLE_OF, ROOT, seed_text

from casebook.choices import NoticeKind
from casebook.documents.notices.phrases import CATEGORY_PHRASES, NEUTRAL_DATA_HEADING
from casebook.documents.notices.render import md_to_text, notice_md
from casebook.domain.case import Case
from casebook.domain.vocabularies import Category, Certainty, Presence, PublicationMode, ReportKind

DOCS = ROOT / "docs" / "notices"
FORBIDDEN = [
    re.compile(line)
    for line in (ROOT / "scripts" / "prose" / "forbidden-joins.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
KINDS = [str(kind) for kind in NoticeKind]

FULL: dict[str, Any] = {
    "id": "full",
    "title": "件名の値",
    "status": "確定",
    "organisation": "団体名の値",
    "department": "担当課の値",
    "unit_kind": "本庁",
    "occurred": "令和7年4月25日",
    "discovered": "令和7年5月2日",
    "category": "誤送付",
    "medium": "紙",
    "certainty": "漏えい",
    "persons": {"actual": 1234, "total": 5678, "who": "対象者の値"},
    "data_items": ["項目の値"],
    "data_description": "個人情報の説明の値",
    "summary": "概要の値。",
    "causes": [{"text": "原因の本文の値。", "items": ["原因の細目の値。"]}, "原因の二つ目の値。"],
    "responses": ["対応の値。", "対応の二つ目の値。"],
    "secondary_damage": {"status": "有", "detail": "二次被害の内容の値。"},
    "measures": [{"text": "再発防止策の本文の値。", "items": ["再発防止策の細目の値。"]}, "再発防止策の二つ目の値。"],
    "timeline": [{"date": "令和7年4月26日", "event": "経過の値。"}],
    "reports": [{"kind": "告発", "to": "報告先の値", "date": "令和7年5月9日", "by": "報告者の値", "note": "補足の値。"}],
    "disciplinary_actions": [{"unit": "処分所属の値", "position": "処分職の値", "action": "処分の値"}],
    "contacts": [
        {"unit": "問合せ先の値", "position": "問合せ職の値", "name": "問合せ氏名の値", "phone": "000-0000-0001", "hours": "問合せ時間の値"}
    ],
    "publication": {"mode": "個別公表", "date": "令和7年5月8日"},
    "remarks": "備考の値。",
    "press": {
        "date": "令和7年5月7日",
        "lead": ["前文の値。"],
        "closing": ["結びの値。"],
        "contacts": [{"unit": "発表担当の値", "position": "発表職の値", "name": "発表氏名の値", "phone": "000-0000-0002"}],
    },
    "apology": {
        "date": "令和7年5月10日",
        "addressee": "宛先の値",
        "subject": "件名（お詫び）の値",
        "body": ["本文の値。"],
        "signer": {"organisation": "差出団体の値", "position": "差出職の値", "name": "差出氏名の値"},
    },
    "council": {"date": "令和7年6月1日", "meeting": "会議の値", "reporter": "報告者職の値", "lead": ["議会前文の値。"]},
    "web": {"title": "掲載題名の値", "date": "令和7年5月11日", "lead": ["掲載前文の値。"], "materials": ["資料の値"]},
}
WITHHOLDABLE = ("category", "certainty", "persons", "causes", "responses", "secondary_damage", "measures")


def _case(**changes: Any) -> Case:
    data = {**FULL, **changes}
    return Case.model_validate({k: v for k, v in data.items() if v is not None})


def _render(case: Case, kind: str) -> str:
    return md_to_text(notice_md(case, kind, None, "県"))


def _values(value: Any) -> list[str]:
    """The strings a notice prints for a field's value."""
    if isinstance(value, list):
        return [text for item in value for text in _values(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _values(item)]
    if isinstance(value, int):
        return [f"{value:,}"]
    return [str(value)]


def _named_fields(kind: str) -> list[str]:
    """The fields the convention of `kind` names: `press.date`, `timeline.event` … in its doc."""
    text = (DOCS / f"{kind}.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"`([a-z_]+(?:\.[a-z_]+)*)`", text)))


def _field_values(data: dict[str, Any], path: str) -> list[Any]:
    found: list[Any] = [data]
    for part in path.split("."):
        following = []
        for value in found:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and part in item:
                    following.append(item[part])
        found = following
    return found


_SHOWN_AS = {  # fields a notice states in words of its own, not as written
    "publication.mode": lambda value: [],
    "secondary_damage.status": lambda value: ["二次被害が確認されています"],
    "occurred": lambda value: ["令和7年4月25日"],
    "secondary_damage.detail": lambda value: [value.rstrip("。")],  # inside 「（…）」 without its own 「。」
    "reports.note": lambda value: [value.rstrip("。")],
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_named_fact_is_printed(kind: str) -> None:
    fields = _named_fields(kind)
    assert fields, f"docs/notices/{kind}.md names no field"
    text = _render(_case(), kind)
    for path in fields:
        for value in _field_values(FULL, path):
            for shown in _SHOWN_AS.get(path, _values)(value):
                assert shown in text, f"{kind}: {path} ({shown}) is not printed"


@pytest.mark.parametrize("kind", KINDS)
def test_every_value_of_every_enum_reads_right(kind: str) -> None:
    report_kinds = list(ReportKind)
    for category, certainty, presence, mode in itertools.product(
        [*Category, None], [*Certainty, None], list(Presence), [PublicationMode.INDIVIDUAL, PublicationMode.BATCH]
    ):
        reports = [{"kind": str(k), "to": "先", "date": "令和7年5月9日", "note": "理由。"} for k in report_kinds]
        case = _case(
            category=category and str(category),
            certainty=certainty and str(certainty),
            secondary_damage={"status": str(presence), "detail": "内容。"},
            publication={"mode": str(mode)},
            reports=reports,
        )
        text = _render(case, kind)
        for pattern in FORBIDDEN:
            assert not pattern.search(text), f"{kind} {category} {certainty}: {pattern.pattern}"
        if kind == "council":
            accusations = text.split("＜告発について＞")[1].split("＜")[0]
            assert "被害届" not in accusations and "遺失届" not in accusations
            for predicate in ("速報を提出し", "確報を提出し", "遺失届を提出し", "被害届を提出し", "告発し", "相談し", "報告し"):
                assert f"先に{predicate}ました（理由）。" in text, predicate


def _withheld_combinations() -> list[tuple[str, ...]]:
    return [combo for size in range(len(WITHHOLDABLE) + 1) for combo in itertools.combinations(WITHHOLDABLE, size)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_withheld_fact_is_never_stated(kind: str) -> None:
    for combo in _withheld_combinations():
        case = _case(**dict.fromkeys(combo), withheld=dict.fromkeys(combo, "非公表"))
        text = _render(case, kind)
        if "certainty" in combo:
            assert "漏えいした個人情報" not in text and "おそれのある個人情報" not in text
            if kind != "apology":
                assert NEUTRAL_DATA_HEADING in text
        if "category" in combo:
            for phrases in CATEGORY_PHRASES.values():
                if phrases.cause != "発生原因":
                    assert phrases.cause not in text and phrases.course not in text and phrases.after not in text
        if "persons" in combo:
            assert "1,234" not in text and "5,678" not in text
        if "secondary_damage" in combo:
            assert "二次被害" not in text
        for name, marker in (("causes", "原因の本文の値"), ("responses", "対応の値"), ("measures", "再発防止策の本文の値")):
            assert (marker in text) != (name in combo) or kind == "apology", f"{kind} {combo}: {name}"


@pytest.mark.parametrize("kind", KINDS)
def test_a_missing_header_part_reads_unfilled(kind: str) -> None:
    apology = {key: value for key, value in FULL["apology"].items() if key != "date"}
    case = _case(
        press={"lead": ["前文。"]}, contacts=None, department=None, publication={"mode": "個別公表"}, council={}, web={}, apology=apology
    )
    assert "【未記入】" in _render(case, kind)


FIDELITY = [  # seed, its part (the text before the marker), case (in its body's casebook, examples/), kind, the share reproduced
    ("000", "鳥取県住宅供給公社が管理する住宅の入居者募集で", "2023-11-09-tottori-camera", "press", 0.95),
    ("001", None, "2023-10-24-ninomiya-counter", "press", 0.97),
    ("003", None, "2020-11-02-osakasayama-mail", "web", 0.93),
]


def _comparable(text: str) -> str:
    """Text without what layout changes: width (NFKC), spaces, list and heading marks."""
    return re.sub(r"[\s・#|*\-〇○]", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("fidelity", FIDELITY, ids=[f[0] for f in FIDELITY])
def test_the_sample_notices_keep_the_seeds_text(cli, fidelity: tuple[str, str | None, str, str, float]) -> None:
    """Seed fidelity: the share of a seed's text that the rendering of its case reproduces, in order."""
    seed, part, case_id, kind, share = fidelity
    text = seed_text(seed)
    original = _comparable(text.split(part)[0] if part else text)
    rendered = _comparable(cli("render", case_id, "--as", kind, "--format", "txt", cwd=EXAMPLE_OF[case_id]).stdout)
    matcher = difflib.SequenceMatcher(None, original, rendered, autojunk=False)
    reproduced = sum(block.size for block in matcher.get_matching_blocks()) / len(original)
    assert reproduced >= share, f"seed {seed}: {reproduced:.3f}"
