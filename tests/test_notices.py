"""`casebook render`: the notices of seeds 000-003 rebuilt from their case files, and templates."""

from pathlib import Path

from conftest import EXAMPLE_OF, ROOT, copy_example

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_wording_follows_the_facts(cli) -> None:
    possible = cli("render", "2023-11-09-tottori-camera", "--as", "press", cwd=EXAMPLE_OF["2023-11-09-tottori-camera"]).stdout
    leaked = cli("render", "2023-10-24-ninomiya-counter", "--as", "press", cwd=EXAMPLE_OF["2023-10-24-ninomiya-counter"]).stdout
    assert "漏えいしたおそれのある個人情報" in possible and "150名分（延べ人数201名分）" in possible
    assert "## 5 漏えいした個人情報" in leaked
    assert "令和5年11月9日（木）午後6時頃から同月10日（金）午後2時頃までの間" in possible
    # sections without data are left out, not printed empty
    assert "対象職員の処分" not in possible and "対象職員の処分" in leaked


def test_apology_needs_its_letter(cli) -> None:
    result = cli("render", "2023-10-24-ninomiya-counter", "--as", "apology", cwd=EXAMPLE_OF["2023-10-24-ninomiya-counter"])
    assert result.exit_code == 1 and "apology" in result.stderr


def test_non_public_case_is_refused_unless_internal(cli) -> None:
    refused = cli("render", "2025-h1-non-public", "--as", "press", cwd=ROOT)
    assert refused.exit_code == 1 and refused.stdout == "" and "--internal" in refused.stderr
    internal = cli("render", "2025-h1-non-public", "--as", "press", "--internal", cwd=ROOT)
    assert internal.exit_code == 0 and "取扱注意（非公表）" in internal.stdout


def test_render_writes_whole_files_without_overwriting(cli, tmp_path: Path) -> None:
    out = tmp_path / "press.txt"
    assert (
        cli(
            "render",
            "2023-10-24-ninomiya-counter",
            "--as",
            "press",
            "--format",
            "txt",
            "--out",
            str(out),
            cwd=EXAMPLE_OF["2023-10-24-ninomiya-counter"],
        ).exit_code
        == 0
    )
    assert out.read_text(encoding="utf-8") == (GOLDEN / "2023-10-24-ninomiya-counter.press.txt").read_text(encoding="utf-8")
    again = cli("render", "2023-10-24-ninomiya-counter", "--as", "press", "--out", str(out), cwd=EXAMPLE_OF["2023-10-24-ninomiya-counter"])
    assert again.exit_code == 1 and "--force" in again.stderr


def _own_casebook(tmp_path: Path, case_id: str) -> Path:
    root = copy_example(case_id, tmp_path)
    (root / "templates").mkdir()
    return root


def test_a_casebook_overrides_a_template_by_name(cli, tmp_path: Path) -> None:
    root = _own_casebook(tmp_path, "2023-11-09-tottori-camera")
    (root / "templates" / "apology.md.j2").write_text("{{ case.apology.signer.name }} より\n", encoding="utf-8")
    assert cli("render", "2023-11-09-tottori-camera", "--as", "apology", cwd=root).stdout == "大場尚志 より\n"
    listing = cli("templates", cwd=root).stdout.splitlines()
    assert any(line.startswith("apology.md.j2") and "casebook" in line for line in listing)
    assert any(line.startswith("press.md.j2") and "組み込み" in line for line in listing)


def test_a_template_typo_names_the_template_and_line(cli, tmp_path: Path) -> None:
    root = _own_casebook(tmp_path, "2020-11-02-osakasayama-mail")
    (root / "templates" / "web.md.j2").write_text("# {{ case.title }}\n\n{{ case.titel }}\n", encoding="utf-8")
    result = cli("render", "2020-11-02-osakasayama-mail", "--as", "web", cwd=root)
    assert result.exit_code == 1
    assert "web.md.j2:3" in result.stderr and "titel" in result.stderr
    assert "Traceback" not in result.output


def test_templates_are_sandboxed(cli, tmp_path: Path) -> None:
    root = _own_casebook(tmp_path, "2020-11-02-osakasayama-mail")
    (root / "templates" / "web.md.j2").write_text("{{ case.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    result = cli("render", "2020-11-02-osakasayama-mail", "--as", "web", cwd=root)
    assert result.exit_code == 1 and "使えない操作" in result.stderr


def test_case_text_is_inert_in_html(cli, tmp_path: Path) -> None:
    root = _own_casebook(tmp_path, "2020-11-02-osakasayama-mail")
    path = root / "cases" / "2020-11-02-osakasayama-mail.yaml"
    text = path.read_text(encoding="utf-8").replace("title: 市民の個人情報の紛失について", "title: <script>alert(1)</script>{{ 7*7 }}")
    path.write_text(text, encoding="utf-8")
    html = cli("render", "2020-11-02-osakasayama-mail", "--as", "web", "--format", "html", cwd=root).stdout
    assert "<script>" not in html and "&lt;script&gt;" in html and "{{ 7*7 }}" in html and "49" not in html.split("<body>")[1][:200]
