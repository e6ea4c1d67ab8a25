"""`make prose`: every notice of the sample casebook and of the example casebooks (examples/<body>/: the cases of seeds
000-003, each in its own body's casebook), rendered as a user would, read for Japanese that does not read right.

Each public case is rendered (casebook render) as every notice kind it can be: press, web and council always, the
apology when the case has its letter. The Markdown goes to out/prose/, then
- the project's own forbidden joins (scripts/prose/forbidden-joins.txt: a value glued to した, 「。）。」…) are searched,
  except where the case file itself has the same text: a join is the templates' fault, a body's own sentence is its
  own style (seed 004 publishes 「…確認。）。」, the 公用文 rule of a full stop closing a sentence in brackets);
- textlint reads it with the Japanese rules of scripts/prose/package.json (installed by `npm ci` beside this file).
  The polite kinds (web, council, apology) also must not mix である and ですます; a press release keeps the case's
  own plain sentences under a polite lead (seeds 000, 001), so that rule is left out for it.
Exit 1 on any finding.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "out" / "prose"
CASEBOOK = [sys.executable, "-m", "casebook"]
POLITE = ("web", "council", "apology")
RULES = {
    "ja-no-mixed-period": {"allowPeriodMarks": ["：", ":"]},
    "ja-no-successive-word": True,
    "no-dropping-the-ra": True,
    "ja-no-abusage": True,
    "no-nfd": True,
}


# The lines of a notice's layout that are not sentences (so have no 「。」), and quoted text (kept in its own style).
ALLOW = [
    r"/^\{\.[a-z]+\}\n.*(\n.+)*$/m",  # a block set at the right: a date, a signer, the council's meeting
    r"/^【[^】]*】.*$/m",  # 【県】 記者発表, 【未記入】, 【問合せ時間】…
    r"/^[^。\n]{1,20}報告$/m",  # 市長報告
    r"/^○.*$/m",  # the day of a group of 経過
    r"/^(令和|平成|昭和)[^。\n]*$/m",  # a date on its own line (発生した日時)
    r"/^.*(経緯|経過)$/m",  # the caption of the 経緯 table
    r"/^(.+ )?(\d[\d,]*名分(（[^）]*）)?|不明)$/m",  # the personal data and the number of persons
    r"/^.*(皆様|様|各位)へ?$/m",  # a letter's addressee
    r"/^[^\n]*（電話）[^\n]*$/m",  # a contact
    r"/「[^」]*」/",  # quoted text
]


def forbidden() -> list[re.Pattern[str]]:
    lines = (HERE / "forbidden-joins.txt").read_text(encoding="utf-8").splitlines()
    return [re.compile(line) for line in lines if line and not line.startswith("#")]


def casebooks() -> list[Path]:
    """The sample casebook and every example casebook (a folder of examples/ with its own casebook.yaml)."""
    return [ROOT, *sorted(config.parent for config in (ROOT / "examples").glob("*/casebook.yaml"))]


def render_all() -> dict[str, list[Path]]:
    """The notices of every public case of every casebook, by kind."""
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    written: dict[str, list[Path]] = {}
    for book in casebooks():
        _render_casebook(book, written)
    return written


def _render_casebook(book: Path, written: dict[str, list[Path]]) -> None:
    listing = subprocess.run([*CASEBOOK, "list", "--format", "json"], cwd=book, capture_output=True, text=True, check=True)
    for record in json.loads(listing.stdout):
        if record.get("publication") not in ("個別公表", "一括公表のみ"):
            continue
        for kind in ("press", "web", "council", "apology"):
            out = OUT / f"{record['id']}.{kind}.md"
            result = subprocess.run(
                [*CASEBOOK, "render", record["id"], "--as", kind, "--out", str(out)], cwd=book, capture_output=True, text=True, check=False
            )
            if result.returncode == 0:
                written.setdefault(kind, []).append(out)
            elif kind != "apology":
                sys.exit(f"{record['id']} {kind}: {result.stderr.strip()}")


def textlint(files: list[Path], polite: bool) -> int:
    rules = {**RULES, "no-mix-dearu-desumasu": {"preferInBody": "ですます", "preferInList": "", "strict": False}} if polite else RULES
    config = OUT / (".textlintrc.polite.json" if polite else ".textlintrc.json")
    settings = {"rules": rules, "filters": {"allowlist": {"allow": ALLOW}}}
    config.write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    binary = HERE / "node_modules" / ".bin" / "textlint"
    command = [
        str(binary),
        "--format",
        "compact",
        "--config",
        str(config),
        "--rules-base-directory",
        str(HERE / "node_modules"),
        *map(str, files),
    ]
    return subprocess.run(command, cwd=HERE, check=False).returncode


def case_texts() -> dict[str, str]:
    """Each case file's text by its id (the file's name), to tell the author's own sentences from the templates' joins."""
    return {path.stem: path.read_text(encoding="utf-8") for book in casebooks() for path in (book / "cases").rglob("*.yaml")}


def authored(match: re.Match[str], line: str, source: str) -> bool:
    """The match and a character either side are in the case file as they are: the author wrote them."""
    return line[max(match.start() - 1, 0) : match.end() + 1] in source


def main() -> int:
    written = render_all()
    problems = 0
    patterns = forbidden()
    sources = case_texts()
    for files in written.values():
        for path in files:
            source = sources.get(path.name.split(".")[0], "")
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for pattern in patterns:
                    if any(not authored(match, line, source) for match in pattern.finditer(line)):
                        print(f"{path.relative_to(ROOT)}:{number}: 禁止したつなぎ方 {pattern.pattern}: {line}")
                        problems += 1
    polite = [path for kind in POLITE for path in written.get(kind, [])]
    plain = written.get("press", [])
    status = textlint(polite, polite=True) | textlint(plain, polite=False)
    count = sum(len(files) for files in written.values())
    print(f"{count}件の文書を読みました。" + ("問題はありません。" if not (problems or status) else ""))
    return 1 if problems or status else 0


if __name__ == "__main__":
    sys.exit(main())
