"""Write examples/import/: a table of cases as an office keeps it in Excel, and the same table as Excel saves it
in CSV (Shift_JIS), for the README's `casebook import` section and the tests.

The workbook is what offices have: a title merged over the table, a line under it, a header row whose labels
break over lines (「二次被害の\\n有無」), dates in every form clerks type (R7.4.3, 令和7年5月12日（月）, 2025/6/2,
a date cell, 全角, a range, a month and day alone), counts as 22名分 and 1,495名, a column casebook does not
know (担当者), and notes under the table. Run: .venv/bin/python scripts/import_example.py
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "examples" / "import"
TITLE = "令和7年度 個人情報の漏えい等事案 管理表（総務部取りまとめ）"
AS_OF = "（令和7年9月30日現在）"
HEADER = [
    "NO",
    "所属",
    "担当課",
    "発生日",
    "判明日",
    "事案の概要",
    "人数",
    "発生原因",
    "対応",
    "二次被害の\n有無",
    "再発防止策",
    "備考",
    "担当者",
]
ROWS: list[list[object]] = [
    [
        1,
        "本庁",
        "総務部総務課",
        "R7.4.3",
        "R7.4.4",
        "会議資料を郵送する際、出席者1名分の資料を誤って別の出席者宛ての封筒に同封したもの。",
        "1名",
        "封入時に宛名と資料の突合を行わなかったことによるもの。",
        "誤送付先に謝罪し資料を回収するとともに、本人に経緯を説明し謝罪した。",
        "無",
        "封入作業は2名で行い、宛名と資料を読み合わせて確認することとした。",
        "",
        "山田",
    ],
    [
        2,
        "出先機関",
        "東部総合事務所県民福祉局",
        "令和7年5月12日（月）",
        "令和7年5月13日（火）",
        "手当の決定通知をFAXで送信する際、番号を誤って入力し、無関係の事業所へ送信したもの。",
        "3名分",
        "短縮ダイヤルを使わず手入力し、送信前の番号確認を怠ったことによるもの。",
        "・送信先の事業所に連絡し、受信した文書の廃棄を依頼した。\n・本人3名に電話で謝罪した。",
        "無",
        "FAX送信時は短縮ダイヤルを用い、送信前に別の職員が番号を確認することとした。",
        "R7.5.16個別公表事案",
        "鈴木",
    ],
    [
        3,
        "本庁",
        "子育て支援課",
        "2025/6/2",
        "2025/6/2",
        "講座の参加者へ案内メールを送信する際、宛先をBCCではなくTOに入力したため、参加者のメールアドレスが他の参加者に表示されたもの。",
        "1,495名",
        "一斉送信の際の宛先の設定を確認しなかったことによるもの。",
        "参加者全員にお詫びのメールを送信し、受信したメールの削除を依頼した。",
        "不明",
        "一斉送信はメール配信システムを使うこととし、直接の送信を禁止した。",
        "",
        "佐藤",
    ],
    [
        4,
        "教育委員会",
        "県立高等学校",
        datetime.datetime(2025, 7, 18),
        datetime.datetime(2025, 7, 22),
        "生徒の成績一覧を保存したUSBメモリを校内で紛失し、個人情報が漏えいしたおそれがあるもの。",
        "38",
        "個人情報を私物の記録媒体に保存し、持ち歩いていたことによるもの。",
        "校内を捜索したが発見に至らず、生徒及び保護者に経緯を説明し謝罪した。",
        "無",
        "私物の記録媒体の使用を禁止し、暗号化された媒体のみを使うこととした。",
        "",
        "高橋",
    ],
    [
        5,
        "本庁",
        "税務課",
        "令和7年8月4日から同月6日までの間",
        "Ｒ７．８．７",
        "ホームページに掲載した入札結果の資料に、非表示にした列の個人名が残っていたもの。",
        "22名分",
        "公開前に資料の非表示の列を確認しなかったことによるもの。",
        "直ちに資料を削除し、個人名を除いた資料を掲載し直した。",
        "無",
        "公開する資料はPDFに変換し、内容を別の職員が確認してから掲載することとした。",
        "",
        "田中",
    ],
    [
        6,
        "出先機関",
        "西部総合事務所",
        "9月5日",
        "9月8日",
        "窓口で申請書の控えを返却する際、別の申請者の控えを誤って交付したもの。",
        "2名",
        "返却の際に氏名の確認を行わなかったことによるもの。",
        "交付した控えを回収し、両名に謝罪した。",
        "無",
        "窓口での返却の際は、申請者に氏名を名乗っていただき、控えの氏名と照合することとした。",
        "",
        "伊藤",
    ],
]
NOTES = ["※ 個別公表した事案は、備考に公表日を記載しています。", "※ 人数は個人情報が漏えいした（おそれのある）本人の数です。"]


def workbook() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "R7事案一覧"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet["A1"].font = Font(size=14, bold=True)
    sheet.append([AS_OF])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet.append([])
    for note in NOTES:
        sheet.append([note])
    thin = Side(style="thin")
    widths = [5, 10, 16, 14, 12, 40, 8, 30, 30, 8, 30, 14, 8]
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    for row in sheet.iter_rows(min_row=3, max_row=3 + len(ROWS)):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=4, max_row=3 + len(ROWS), min_col=4, max_col=5):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy/m/d"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def shift_jis_csv() -> bytes:
    """The table as Excel's 「CSV（コンマ区切り）」 saves it in Japan: cp932, CRLF, date cells as they are shown."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TITLE])
    writer.writerow([AS_OF])
    writer.writerow(HEADER)
    for row in ROWS:
        writer.writerow([f"{v.year}/{v.month}/{v.day}" if isinstance(v, datetime.datetime) else v for v in row])
    writer.writerow([])
    for note in NOTES:
        writer.writerow([note])
    return buffer.getvalue().encode("cp932")


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "事案管理表.xlsx").write_bytes(workbook())
    (FOLDER / "事案管理表-sjis.csv").write_bytes(shift_jis_csv())


if __name__ == "__main__":
    main()
