"""Facts that cannot be published, and notices that carry every fact the case holds."""

import csv
import io
from pathlib import Path

CASE = "cases/2025/2025-05-16-advice-misdelivery.yaml"
MEASURES = """measures: |-
  市町村からの依頼文書受理時にチェックリストを作成し、文書作成時や文書発送時に依頼文書との確認を行う等、チェック体制の強化を図ることとした。
  また、確認作業に集中できる環境設定を行うこととした。
  様式の見直し等を検討することとした。
"""


def _edit(book: Path, old: str, new: str, name: str = CASE) -> None:
    path = book / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _row(cli, book: Path, number: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    result = cli("report", "2025H1", "--format", "csv", cwd=book)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    header = next(r for r in rows if r and r[0] == "NO")
    return dict(zip(header, next(r for r in rows if r and r[0] == number), strict=False))


def test_a_withheld_fact_passes_required_and_shows_as_the_body_wants(cli, sample_book: Path) -> None:
    _edit(sample_book, MEASURES, "")
    _edit(sample_book, "withheld: {data_items: 不明}", "withheld: {data_items: 不明, measures: 非公表, secondary_damage: 不明}")
    _edit(sample_book, "secondary_damage: {status: 無}\n", "")
    checked = cli("check", cwd=sample_book)
    assert checked.exit_code == 0 and checked.stdout == ""
    row = _row(cli, sample_book, "2")
    assert row["再発防止策"] == "非公表" and row["二次被害の有無"] == "不明"
    with (sample_book / "casebook.yaml").open("a", encoding="utf-8") as config:
        config.write("withheld_text: {not_published: ―, unknown: ''}\n")
    row = _row(cli, sample_book, "2")
    assert row["再発防止策"] == "―" and row["二次被害の有無"] == ""


def test_an_empty_fact_without_a_reason_is_still_required(cli, sample_book: Path) -> None:
    _edit(sample_book, MEASURES, "")
    result = cli("check", cwd=sample_book)
    assert result.exit_code == 1
    assert (
        "再発防止策 (measures): 確定した事案では必須です（未確定なら status: 調査中。公表しない・該当しない・不明なら withheld: {measures: 非公表}"
        in result.stdout
    )


def test_ignoring_required_never_lets_a_row_without_its_summary_reach_the_report(cli, sample_book: Path) -> None:
    _edit(sample_book, "summary: 所属職員が", "remarks: 所属職員が")
    _edit(sample_book, "ignore_rules:\n", "ignore_rules:\n  - {rule: required, reason: 概要は公表しない}\n")
    checked = cli("check", cwd=sample_book)
    assert checked.exit_code == 1
    assert "事案の概要 (summary): 公表する確定した事案には事案の概要が必要です" in checked.stdout and "[report-summary]" in checked.stdout
    report = cli("report", "2025H1", "--format", "md", cwd=sample_book)
    assert report.exit_code == 1 and report.stdout == ""


def test_the_report_cell_shows_the_detail_of_a_secondary_damage(cli, sample_book: Path) -> None:
    _edit(sample_book, "secondary_damage: {status: 無}", "secondary_damage: {status: 有, detail: 誤送付先から第三者へ転送された}")
    assert _row(cli, sample_book, "2")["二次被害の有無"] == "有（誤送付先から第三者へ転送された）"


def test_notices_carry_items_discovery_and_secondary_damage(cli, tottori_book: Path) -> None:
    name = "cases/2023-11-09-tottori-camera.yaml"
    _edit(tottori_book, "discovered: 令和5年11月10日午後2時頃", "discovered: 令和5年11月13日", name)
    _edit(
        tottori_book,
        "data_items: [氏名, 申込んだ団地名, 部屋番号, 抽選結果]",
        "data_items: [氏名, 申込んだ団地名, 部屋番号, 抽選結果, 電話番号]",
        name,
    )
    _edit(tottori_book, "withheld:\n  secondary_damage: 非公表", "secondary_damage: {status: 有, detail: 不審な電話が1件あった}", name)
    press = cli("render", "2023-11-09-tottori-camera", "--as", "press", cwd=tottori_book)
    assert press.exit_code == 0, press.output
    out = press.stdout
    assert "判明した日時\n\n令和5年11月13日（月）" in out
    assert "抽選結果（個人情報の項目: 電話番号） 150名分（延べ人数201名分）" in out
    assert "二次被害\n\n二次被害が確認されています（不審な電話が1件あった）。" in out
    web = cli("render", "2023-11-09-tottori-camera", "--as", "web", cwd=tottori_book).stdout
    assert "令和5年11月13日（月）に判明しました。" in web and "不審な電話が1件あった" in web
    council = cli("render", "2023-11-09-tottori-camera", "--as", "council", cwd=tottori_book).stdout
    assert "令和5年11月13日（月）に判明しました。" in council and "電話番号" in council


def test_items_alone_are_the_data_section_of_a_case_made_with_new(cli, casebook_dir: Path) -> None:
    from conftest import FIXTURES

    text = (FIXTURES / "rules" / "clean.yaml").read_text(encoding="utf-8") + "data_items: [氏名, 住所]\n"
    (casebook_dir / "cases" / "clean.yaml").write_text(text, encoding="utf-8")
    out = cli("render", "clean", "--as", "press", cwd=casebook_dir).stdout
    assert "漏えいした個人情報\n\n氏名、住所（1名分）" in out


def test_an_internal_render_states_the_non_public_criterion_and_reason(cli, sample_book: Path) -> None:
    result = cli("render", "2025-h1-non-public", "--as", "press", "--internal", cwd=sample_book)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0:2] == ["{.internal}", "**【取扱注意（非公表）】**"]  # {.internal}: on every printed page
    assert lines[3] == "非公表基準 (4)上記(1)から(3)に掲げる事案のほか、非公表とすることに相当の理由があると認められる場合"
    assert lines[5].startswith("非公表の理由: 公表資料では非公表基準のいずれに該当するかは示されていない")


TOTTORI = "cases/2023-11-09-tottori-camera.yaml"
TOTTORI_WITHHELD = "withheld:\n  secondary_damage: 非公表  # 公表資料に二次被害の記載がない\n"


def test_publication_day_discovered_and_data_items_can_be_withheld_and_due_stops_asking(cli, tottori_book: Path) -> None:
    _edit(tottori_book, "discovered: 令和5年11月10日午後2時頃\n", "", TOTTORI)
    _edit(tottori_book, "data_items: [氏名, 申込んだ団地名, 部屋番号, 抽選結果]\n", "", TOTTORI)
    _edit(tottori_book, TOTTORI_WITHHELD, TOTTORI_WITHHELD + "  publication: 非公表\n  discovered: 不明\n  data_items: 非公表\n", TOTTORI)
    checked = cli("check", cwd=tottori_book)
    assert checked.exit_code == 0, checked.output
    due = cli("due", "--today", "R7.10.1", "--format", "github", cwd=tottori_book)
    assert due.exit_code == 0 and due.stdout == ""  # no 個別公表日の記入 for ever; ppc-report is ignored with a reason


def test_a_withheld_fact_that_is_also_written_is_an_error(cli, tottori_book: Path) -> None:
    _edit(tottori_book, TOTTORI_WITHHELD, TOTTORI_WITHHELD + "  discovered: 不明\n", TOTTORI)
    _edit(tottori_book, "  mode: 個別公表\n", "  mode: 個別公表\n  date: R5.11.14\n", TOTTORI)
    _edit(tottori_book, TOTTORI_WITHHELD, TOTTORI_WITHHELD + "  publication: 非公表\n", TOTTORI)
    result = cli("check", cwd=tottori_book)
    assert result.exit_code == 1
    said = "記入されているのに、記載しない項目（withheld: {}）にもあります。どちらか一方にしてください"
    assert f"記載しない項目 › 判明日 (withheld.discovered): {said.format('不明')}" in result.stdout, result.stdout
    assert f"記載しない項目 › 個別公表日 (withheld.publication): {said.format('非公表')}" in result.stdout
