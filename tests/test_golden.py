"""Every reviewed golden document, in one list: `make golden` (pytest --update-golden) rewrites them all.

Read the diff of tests/golden/ before committing a rewrite: these are the documents a body publishes.
A Word document (a name ending in .docx.txt) is written with --out and compared by its outline
(page, paragraph styles and text, table sizes and cells; tests/docxtext.py), not by its bytes.
"""

from pathlib import Path

import pytest
from conftest import EXAMPLE_OF, ROOT
from docxtext import outline

GOLDEN = Path(__file__).resolve().parent / "golden"

DOCUMENTS = {
    # the prefecture's half-year table (seed 004)
    "report-2025H1.md": ["report", "2025H1", "--format", "md"],
    "report-2025H1.html": ["report", "2025H1", "--format", "html"],
    "report-2025H1.json": ["report", "2025H1", "--format", "json"],
    # notices rebuilt from seeds 000-003, each in its body's casebook (examples/)
    "2023-11-09-tottori-camera.press.md": ["render", "2023-11-09-tottori-camera", "--as", "press", "--format", "md"],
    "2023-11-09-tottori-camera.apology.md": ["render", "2023-11-09-tottori-camera", "--as", "apology", "--format", "md"],
    "2023-10-24-ninomiya-counter.press.md": ["render", "2023-10-24-ninomiya-counter", "--as", "press", "--format", "md"],
    "2023-10-24-ninomiya-counter.press.txt": ["render", "2023-10-24-ninomiya-counter", "--as", "press", "--format", "txt"],
    "2023-10-24-ninomiya-counter.press.html": ["render", "2023-10-24-ninomiya-counter", "--as", "press", "--format", "html"],
    "2016-11-koganei-misuse.council.md": ["render", "2016-11-koganei-misuse", "--as", "council", "--format", "md"],
    "2020-11-02-osakasayama-mail.web.md": ["render", "2020-11-02-osakasayama-mail", "--as", "web", "--format", "md"],
    # Word documents, by their outline
    "report-2025H1.docx.txt": ["report", "2025H1"],
    "2023-10-24-ninomiya-counter.press.docx.txt": ["render", "2023-10-24-ninomiya-counter", "--as", "press"],
    "2023-11-09-tottori-camera.apology.docx.txt": ["render", "2023-11-09-tottori-camera", "--as", "apology"],
    "2016-11-koganei-misuse.council.docx.txt": ["render", "2016-11-koganei-misuse", "--as", "council"],
    "2020-11-02-osakasayama-mail.web.docx.txt": ["render", "2020-11-02-osakasayama-mail", "--as", "web"],
    # the 漏えい等報告 to the 個人情報保護委員会 (速報 and 確報) of the one sample case that needs it
    "2023-11-09-tottori-camera.ppc.md": ["ppc", "2023-11-09-tottori-camera", "--format", "md"],
    "2023-11-09-tottori-camera.ppc-final.txt": ["ppc", "2023-11-09-tottori-camera", "--kind", "確報", "--format", "txt"],
    "2023-11-09-tottori-camera.ppc.html": ["ppc", "2023-11-09-tottori-camera", "--format", "html"],
    "2023-11-09-tottori-camera.ppc-final.docx.txt": ["ppc", "2023-11-09-tottori-camera", "--kind", "確報"],
}


def _casebook(args: list[str]) -> Path:
    """Where the command runs: a notice of seeds 000-003 in its body's example casebook, the rest in the sample."""
    return EXAMPLE_OF.get(args[1], ROOT) if len(args) > 1 else ROOT


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_matches_its_reviewed_golden_file(cli, golden, name: str, tmp_path: Path) -> None:
    if name.endswith(".docx.txt"):
        out = tmp_path / name.removesuffix(".txt")
        result = cli(*DOCUMENTS[name], "--out", str(out), cwd=_casebook(DOCUMENTS[name]))
        assert result.exit_code == 0, result.output
        golden(outline(out.read_bytes()), GOLDEN / name)
        return
    result = cli(*DOCUMENTS[name], cwd=_casebook(DOCUMENTS[name]))
    assert result.exit_code == 0, result.output
    golden(result.stdout, GOLDEN / name)


def test_every_golden_file_is_listed() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_file()) == sorted(DOCUMENTS)  # site/: tests/test_site.py
