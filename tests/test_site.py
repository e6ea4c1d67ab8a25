"""`casebook site`: the public site of the sample casebook, page by page against reviewed goldens; nothing of a
non-public case anywhere in the folder; the counts as the report's; the same bytes from two builds."""

import csv
import gzip
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from conftest import ROOT, Cli, copy_example, copy_sample

GOLDEN = ROOT / "tests" / "golden" / "site"
TOTTORI_GOLDEN = ROOT / "tests" / "golden" / "site-tottori"  # the site of one body's example casebook (examples/tottori)
TOTTORI = "2023-11-09-tottori-camera"
TOTTORI_PAGES = ("index.html", "periods/2023H2.html", f"cases/{TOTTORI}.html")
PAGES = (
    "index.html",
    "periods/2025H1.html",
    "cases/2025-05-16-advice-misdelivery.html",
    "lists/index.html",
    "lists/category-missending.html",
    "data.html",
    "data/cases.csv",
    "data/periods.csv",
    "data/periods.json",
    "feed.xml",
    "style.css",
)
FAST = ("--no-pdf", "--no-search")  # `make site-check` builds and checks the whole site, PDFs and search included


def build(cli, book: Path, out: Path, *options: str) -> Path:
    result = cli("site", "--out", str(out), *options, cwd=book)
    assert result.exit_code == 0, result.output
    return out


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample casebook's site, built once for the tests that only read it."""
    book = copy_sample(tmp_path_factory.mktemp("book"))
    with pytest.MonkeyPatch.context() as patch:
        return build(Cli(patch), book, book / "public", *FAST)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_kind_of_the_sample_casebook_is_as_reviewed(sample_site: Path, golden, page: str) -> None:
    golden((sample_site / page).read_bytes(), GOLDEN / page)


@pytest.fixture(scope="module")
def tottori_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of 鳥取県's example casebook: a case published on its own page (seed 000), in a period of another year."""
    book = copy_example(TOTTORI, tmp_path_factory.mktemp("tottori"))
    with pytest.MonkeyPatch.context() as patch:
        return build(Cli(patch), book, book / "public", *FAST)


@pytest.mark.parametrize("page", TOTTORI_PAGES)
def test_the_pages_of_an_example_body_s_site_are_as_reviewed(tottori_site: Path, golden, page: str) -> None:
    golden((tottori_site / page).read_bytes(), TOTTORI_GOLDEN / page)


def test_the_site_counts_every_case_file_as_the_report_does(cli, sample_site: Path) -> None:
    site, sample_book = sample_site, sample_site.parent
    with (site / "data" / "periods.csv").open(encoding="utf-8-sig", newline="") as handle:
        periods = list(csv.DictReader(handle))
    with (site / "data" / "cases.csv").open(encoding="utf-8-sig", newline="") as handle:
        cases = list(csv.DictReader(handle))
    files = sorted((sample_book / "cases").rglob("*.yaml"))
    non_public = [f for f in files if "mode: 非公表" in f.read_text(encoding="utf-8")]
    assert sum(int(p["cases"]) for p in periods) == len(files)  # every file of the sample is dated and counted
    assert sum(int(p["non_public"]) for p in periods) == len(non_public) == 1
    assert len(cases) == len(files) - len(non_public) == sum(int(p["published"]) for p in periods)
    report = json.loads(cli("report", "2025H1", "--format", "json", cwd=sample_book).stdout)
    first_half = next(p for p in periods if p["period"] == "2025H1")
    assert (int(first_half["cases"]), int(first_half["non_public"])) == (report["cases"], report["non_public"])
    shown = [row["id"] for row in cases if row["period"] == "2025H1"]
    assert len(shown) == len(report["rows"])


def test_a_non_public_case_leaves_no_trace_in_the_site_folder(cli, sample_book: Path, tmp_path: Path) -> None:
    """The non-public case's title, text, department, id and file name are in no file and no file name of the site."""
    old = sample_book / "cases" / "2025" / "2025-h1-non-public.yaml"
    text = old.read_text(encoding="utf-8").replace("id: 2025-h1-non-public", "id: zqsecret-file")
    text = text.replace("title: 非公表基準該当事案（令和7年度上半期）", "title: ZQSECRETけんめい")
    extra = "summary: ZQSECRETがいよう\nremarks: ZQSECRETびこう\ndepartment: ZQSECRET課\ncategory: 誤送信\nmedium: 電子メール\nunit_kind: 警察\n"
    (old.parent / "zqsecret-file.yaml").write_text(text + extra, encoding="utf-8")
    old.unlink()
    site = build(cli, sample_book, tmp_path / "site", *FAST)
    for name, data in files_of(site).items():
        assert "zqsecret" not in name.lower(), name
        assert b"ZQSECRET" not in data and b"zqsecret" not in data.lower(), name
    periods = json.loads((site / "data" / "periods.json").read_text(encoding="utf-8"))
    assert next(p for p in periods if p["period"] == "2025H1")["non_public"] == 1  # still counted
    assert "警察" not in (site / "lists" / "index.html").read_text(encoding="utf-8")  # its 所属 makes no list of its own


def test_the_feed_and_the_data_read_as_a_reader_and_a_spreadsheet_would(cli, sample_book: Path, tmp_path: Path) -> None:
    site = build(cli, sample_book, tmp_path / "site", "--base-url", "https://example.jp/jirei/", *FAST)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "県の個人情報の漏えい等事案"
    pages = sorted(e.link for e in feed.entries if "/cases/" in e.link)
    assert pages == sorted(f"https://example.jp/jirei/cases/{p.stem}.html" for p in (site / "cases").glob("*.html"))
    assert all(e.updated_parsed for e in feed.entries)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in index
    assert all('rel="alternate" type="application/atom+xml"' in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    text = (site / "data" / "cases.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len({len(row) for row in rows}) == 1  # one header line and no merged or note rows
    records = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == [row[3] for row in rows[1:]]
    assert all(isinstance(r["persons_actual"], int | None) and isinstance(r["report_no"], int) for r in records)
    assert all(r["occurred_first"] is None or len(r["occurred_first"]) == 10 for r in records)
    documented = (site / "data.html").read_text(encoding="utf-8")
    assert all(f"<code>{key}</code>" in documented for key in rows[0])


def test_the_casebook_templates_theme_the_site_inside_the_sandbox(cli, sample_book: Path, tmp_path: Path) -> None:
    own = sample_book / "templates" / "site"
    own.mkdir(parents=True)
    (own / "_header.html.j2").write_text('<header class="site"><p>ようこそ {{ organisation }} のページへ</p></header>\n', encoding="utf-8")
    site = build(cli, sample_book, tmp_path / "site", *FAST)
    assert "<p>ようこそ 県 のページへ</p>" in (site / "cases" / "2025-05-16-advice-misdelivery.html").read_text(encoding="utf-8")
    other = copy_sample(tmp_path / "other_book")  # a fresh casebook: the templates a run has read are kept for the run
    (other / "templates" / "site").mkdir(parents=True)
    (other / "templates" / "site" / "_footer.html.j2").write_text("{{ link.__globals__ }}\n", encoding="utf-8")
    refused = cli("site", "--out", str(tmp_path / "other"), *FAST, cwd=other)
    assert refused.exit_code == 1
    assert "templates/site/_footer.html.j2:1: テンプレートから使えない操作です" in refused.stderr, refused.stderr
    assert not (tmp_path / "other").exists()  # nothing half-written


def test_a_folder_with_files_is_replaced_only_with_force(cli, sample_book: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    refused = cli("site", "--out", str(out), *FAST, cwd=sample_book)
    assert refused.exit_code == 1 and "空ではありません（置き換えるには --force）" in refused.stderr
    assert (out / "keep.txt").exists()
    build(cli, sample_book, out, "--force", *FAST)
    assert not (out / "keep.txt").exists() and (out / "index.html").exists()


def _committed_then_edited(book: Path, edited: list[str]) -> None:
    """The casebook in git, committed on 2026-11-22 and the `edited` case files changed in a commit on 2026-11-30."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.jp", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=book, check=True)
    subprocess.run([*git, "add", "."], cwd=book, check=True)
    env = {"GIT_COMMITTER_DATE": "2026-11-22T10:00:00+09:00", "GIT_AUTHOR_DATE": "2026-11-22T10:00:00+09:00", "PATH": "/usr/bin:/bin"}
    subprocess.run([*git, "commit", "-qm", "cases"], cwd=book, check=True, env=env)
    for name in edited:
        case = book / "cases" / name
        case.write_text(case.read_text(encoding="utf-8") + "# 追記\n", encoding="utf-8")
    later = {**env, "GIT_COMMITTER_DATE": "2026-11-30T10:00:00+09:00"}
    subprocess.run([*git, "commit", "-qam", "edit"], cwd=book, check=True, env=later)


def test_a_case_page_dates_are_the_case_s_own_never_the_repository_s(cli, sample_book: Path, tmp_path: Path) -> None:
    """掲載日 is web.date, publication.date or press.date; a case that states none has no 掲載日 (the day its file
    entered the casebook is not a publication day) and its feed entry has no <published>; 更新日 is a later commit of a
    case with a 掲載日; the index orders by publication day, whatever the commits say."""
    tottori_book = copy_example(TOTTORI, tmp_path / "tottori")
    _committed_then_edited(tottori_book, [f"{TOTTORI}.yaml"])
    site = build(cli, tottori_book, tmp_path / "tottori-site", *FAST)
    tottori = (site / "cases" / f"{TOTTORI}.html").read_text(encoding="utf-8")
    meta = tottori[tottori.index('<dl class="meta">') : tottori.index("</dl>")]
    assert meta == '<dl class="meta">\n<dt>担当課</dt><dd>西部総合事務所建築住宅課</dd>\n'  # no 掲載日, no 更新日
    assert "令和8年" not in tottori and "2026" not in tottori
    entries = {e.link: e for e in feedparser.parse((site / "feed.xml").read_bytes()).entries}
    assert "published" not in entries[f"cases/{TOTTORI}.html"]
    assert entries[f"cases/{TOTTORI}.html"].updated.startswith("2023-11-09")  # its 発生日
    records = {r["id"]: r for r in json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))}
    assert records[TOTTORI]["posted"] is None and records[TOTTORI]["updated"] is None

    koganei_book = copy_example("2016-11-koganei-misuse", tmp_path / "koganei")
    _committed_then_edited(koganei_book, ["2016-11-koganei-misuse.yaml"])
    site = build(cli, koganei_book, tmp_path / "koganei-site", *FAST)
    koganei = (site / "cases" / "2016-11-koganei-misuse.html").read_text(encoding="utf-8")
    assert '<dt>掲載日</dt><dd><time datetime="2019-12-26">令和元年12月26日</time></dd>' in koganei  # publication.date
    assert '<dt>更新日</dt><dd><time datetime="2026-11-30">令和8年11月30日</time></dd>' in koganei
    entries = {e.link: e for e in feedparser.parse((site / "feed.xml").read_bytes()).entries}
    assert entries["cases/2016-11-koganei-misuse.html"].published.startswith("2019-12-26")

    _committed_then_edited(sample_book, ["2025/2025-05-16-advice-misdelivery.yaml"])
    site = build(cli, sample_book, tmp_path / "site", *FAST)
    entries = {e.link: e for e in feedparser.parse((site / "feed.xml").read_bytes()).entries}
    assert entries["cases/2025-05-16-advice-misdelivery.html"].published.startswith("2025-05-20")
    index = (site / "index.html").read_text(encoding="utf-8")
    newest = index[index.index('<ul class="newest">') : index.index("</ul>", index.index('<ul class="newest">'))]
    listed = re.findall(r'<a href="([^"]+)">', newest)
    in_table = [f"periods/2025H1.html#no-{n}" for n in (10, 9, 8, 7, 6, 5, 4, 3, 1)]  # the table after 2025-09-30
    assert listed == [*in_table, "cases/2025-05-16-advice-misdelivery.html"]  # published R7.5.20, then by 発生日


def test_a_case_published_only_in_its_period_s_table_shows_no_title_the_body_never_published(sample_site: Path) -> None:
    """一括公表のみ: no 件名 outside the period's table (which has no 件名 column) — no title in the index, the lists,
    the feed or the data; the index and the lists link its row of the table instead."""
    bulk = [
        path for path in sorted((ROOT / "cases").rglob("*.yaml")) if "publication: {mode: 一括公表のみ}" in path.read_text(encoding="utf-8")
    ]
    assert len(bulk) == 9
    titles = [re.search(r"^title: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1) for path in bulk]  # type: ignore[union-attr]
    for name, data in files_of(sample_site).items():
        text = data.decode("utf-8", errors="replace")
        assert not [title for title in titles if title in text], name
    index = (sample_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="periods/2025H1.html#no-1">令和7年度上半期の一覧表 NO 1</a>\n（R7.4.25発生、紛失・置忘れ、一覧表のみで公表）' in index
    listed = (sample_site / "lists" / "category-missending.html").read_text(encoding="utf-8")
    assert "<td>件名なし（一覧表のみで公表）</td>" in listed


def test_without_search_no_page_offers_a_search(sample_site: Path) -> None:
    assert not (sample_site / "search.html").exists() and not (sample_site / "search.js").exists()
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 10 and not [page for page in pages if "search.html" in page.read_text(encoding="utf-8")]


def test_the_style_sheet_numbers_no_criteria_and_hints_at_tables_that_scroll(sample_site: Path) -> None:
    """＜非公表基準＞'s items carry their own numbers (as report.html shows them); on a phone a table that scrolls
    sideways says so above it, and its region takes the keyboard's focus under a name."""
    css = (sample_site / "style.css").read_text(encoding="utf-8")
    assert "ol.criteria { list-style: none;" in css
    assert "@media (max-width: 40rem) { .scroll-hint { display: block; } }" in css
    period = (sample_site / "periods" / "2025H1.html").read_text(encoding="utf-8")
    assert '<ol class="criteria">\n<li>(1)' in period
    hint = '<p class="scroll-hint wide">表は横にスクロールできます</p>\n<div class="scroll" role="region" aria-label="令和7年度上半期の事案の表" tabindex="0"'
    assert hint in period
    for page in sample_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        regions = re.findall(r"(<p class=\"scroll-hint[^\"]*\">[^<]+は横にスクロールできます</p>\n)?<div class=\"scroll\"([^>]*)>", text)
        assert all(
            before and 'role="region" aria-label="' in attributes and 'tabindex="0"' in attributes for before, attributes in regions
        ), page


@pytest.mark.site
def test_the_whole_site_with_pdfs_and_search_is_reproducible_and_leaks_nothing(cli, sample_book: Path, tmp_path: Path) -> None:
    """The slow half (make site-check): PDFs and Pagefind's index too, read back (pdftotext, gunzip)."""
    old = sample_book / "cases" / "2025" / "2025-h1-non-public.yaml"
    text = old.read_text(encoding="utf-8").replace("title: 非公表基準該当事案（令和7年度上半期）", "title: ZQSECRETけんめい")
    old.write_text(text + "summary: ZQSECRETがいよう\ndepartment: ZQSECRET課\n", encoding="utf-8")
    first = files_of(build(cli, sample_book, tmp_path / "one"))
    second = files_of(build(cli, sample_book, tmp_path / "two"))
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.startswith("pagefind/") for name in first) and "periods/2025H1.pdf" in first
    assert first["search.html"] == (GOLDEN / "search.html").read_bytes()  # the reviewed page (only built with search)
    assert all(b'<li><a href="search.html"' in first[name] for name in ("index.html", "data.html"))
    for name, data in first.items():
        readable = data
        if name.endswith(".pdf"):
            assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
            readable = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
        elif data[:2] == b"\x1f\x8b":
            readable = gzip.decompress(data)
        assert b"ZQSECRET" not in readable and "2025-h1-non-public" not in name and b"2025-h1-non-public" not in readable, name
    printed = subprocess.run(["pdftotext", str(tmp_path / "one" / "periods" / "2025H1.pdf"), "-"], capture_output=True, check=True)
    assert "事案件数 11件（うち、非公表基準該当1件）" in printed.stdout.decode("utf-8")
    fonts = subprocess.run(["pdffonts", str(tmp_path / "one" / "periods" / "2025H1.pdf")], capture_output=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.decode().splitlines()[2:]), fonts  # every font embedded


@pytest.mark.site
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("report", "2025H1"), "事案件数 11件（うち、非公表基準該当1件）"),
        (("render", TOTTORI, "--as", "web"), "県営住宅入居申込者の個人情報流出の恐れについて"),
    ],
)
def test_pdf_is_the_html_printed_with_its_fonts_embedded(
    cli, sample_book: Path, tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    book = copy_example(args[1], tmp_path / "example") if args[0] == "render" else sample_book  # a notice: in its body's casebook
    written = []
    for name in ("one.pdf", "two.pdf"):
        result = cli(*args, "--format", "pdf", "--out", str(tmp_path / name), cwd=book)
        assert result.exit_code == 0, result.output
        written.append((tmp_path / name).read_bytes())
    assert written[0].startswith(b"%PDF-") and written[0] == written[1]  # no creation time, a fixed identifier
    text = subprocess.run(["pdftotext", str(tmp_path / "one.pdf"), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    assert expected in text.replace("\n", "")
    fonts = subprocess.run(["pdffonts", str(tmp_path / "one.pdf")], capture_output=True, check=True).stdout.decode().splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    info = subprocess.run(["pdfinfo", str(tmp_path / "one.pdf")], capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info  # PDF/UA-1's structure tags
    html = tmp_path / "same.html"
    assert cli(*args, "--format", "html", "--out", str(html), cwd=book).exit_code == 0
    chromium = [
        *("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"),
        *("--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"),
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--print-to-pdf={tmp_path / 'chromium.pdf'}",
        html.as_uri(),
    ]
    subprocess.run(chromium, capture_output=True, check=True, timeout=300)
    chromium_info = subprocess.run(["pdfinfo", str(tmp_path / "chromium.pdf")], capture_output=True, check=True).stdout.decode()
    pages = [next(line for line in text.splitlines() if line.startswith("Pages:")) for text in (info, chromium_info)]
    assert pages[0] == pages[1], pages  # WeasyPrint prints the pages Chromium prints
    refused = cli(*args, "--format", "pdf", cwd=book)
    assert refused.exit_code != 0  # binary: never to a terminal
