"""`casebook init`: a new casebook in one command, every file written from a template in casebook/templates/init/.

The files are the ones a body needs from its first case on: the settings, the cases folder, the
schema editors read, what git should not keep, and the checks that run before a commit and in CI.
Nothing is ever replaced: if any of them is there already, nothing is written.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from casebook.authoring.origin import Origin, installed_origin
from casebook.authoring.schema import schema_text
from casebook.documents.templates import render
from casebook.errors import CasebookError, WriteError
from casebook.safety.atomic import write_text
from casebook.safety.inert import FORBIDDEN
from casebook.safety.paths import leads_outside
from casebook.settings.files import CONFIG_NAME, SCHEMA_FILE

CASES_DIR = "cases"
KEEP = ".gitkeep"  # the one file a cases folder may hold besides case files (rule `file`)
WORKFLOW = ".github/workflows/casebook.yml"

# (file in the new casebook, template in casebook/templates/init/); None: written by code, not a template
FILES: tuple[tuple[str, str | None], ...] = (
    (CONFIG_NAME, "init/casebook.yaml.j2"),
    (f"{CASES_DIR}/{KEEP}", None),
    (SCHEMA_FILE, None),
    (".gitignore", "init/gitignore.j2"),
    (".pre-commit-config.yaml", "init/pre-commit-config.yaml.j2"),
    (".yamllint", "init/yamllint.j2"),  # also this repository's own .yamllint (tests/test_ecosystem.py keeps them equal)
    (WORKFLOW, "init/workflow.yml.j2"),
)


class AlreadyThere(WriteError):
    """Files of a casebook that `init` would replace: it writes none of them."""


@dataclass(frozen=True)
class Skeleton:
    organisation: str = ""
    origin: Origin = field(default_factory=installed_origin)  # what CI and pre-commit install: the casebook in use here

    @property
    def origin_comment(self) -> str:
        """Where CI installs casebook from, on one line (it is a YAML comment)."""
        described = " ".join(FORBIDDEN.sub("", self.origin.described).split())
        return described if self.origin.given else f"casebook init を実行した端末の casebook と同じもの: {described}"

    def content(self, template: str | None, name: str) -> str:
        if name == SCHEMA_FILE:
            return schema_text()
        if template is None:
            return ""
        return render(
            None,
            template,
            organisation=self.organisation,
            cases_dir=CASES_DIR,
            install=yaml_scalar(f"pip install {shlex.quote(self.origin.requirement)}"),
            requirement=yaml_scalar(self.origin.requirement),
            origin=self.origin_comment,
        )


# What a YAML document may not hold as it is (YAML 1.1's printable set, as PyYAML reads it) or would read as a line break.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U000dffff\U000e0080-\U0010ffff]")


def yaml_scalar(text: str) -> str:
    """`text` as a YAML value on one line: plain where YAML reads it back as the same string, else double-quoted."""
    try:
        plain = yaml.safe_load(f"key: {text}\n")
    except yaml.YAMLError:
        plain = None
    if isinstance(plain, dict) and plain.get("key") == text:
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # JSON's string is YAML's double-quoted scalar
    return _UNPRINTABLE.sub(lambda found: _escaped(found.group()), quoted)


def _escaped(char: str) -> str:
    """A character as YAML's double-quoted escape: \\uXXXX, or \\UXXXXXXXX beyond the first plane."""
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _check_organisation(organisation: str) -> str:
    text = organisation.strip()
    if FORBIDDEN.search(text) or "\n" in text:
        raise CasebookError("団体名に改行や制御文字は使えません")
    return text


def init_casebook(folder: Path, organisation: str = "", origin: Origin | None = None) -> list[Path]:
    """Write a new casebook's files into `folder` (made if missing) and return them; refuses to replace any file.
    CI and pre-commit install casebook from `origin`, by default the source this casebook was installed from."""
    skeleton = Skeleton(_check_organisation(organisation), origin or installed_origin())
    targets = [(folder / name, name, template) for name, template in FILES]
    present = [name for path, name, _ in targets if path.exists() or path.is_symlink()]
    if present:
        listed = "、".join(present)
        raise AlreadyThere(f"{folder} にはすでに {listed} があります。casebook init は既存のファイルを上書きしません（何も書いていません）")
    outside = [name for path, name, _ in targets if leads_outside(path.parent, folder)]
    if outside:
        listed = "、".join(outside)
        raise AlreadyThere(
            f"{folder} の {listed} の置き場所がリンクで casebook の外を指しています。casebook init はその外に書きません（何も書いていません）"
        )
    written: list[Path] = []
    made = [parent for parent in {path.parent for path, _, _ in targets} if not parent.exists()]
    try:
        for path, name, template in targets:
            write_text(path, skeleton.content(template, name), replaceable=False)
            written.append(path)
    except CasebookError:  # a full disk or a file made meanwhile: no half casebook is left behind
        for path in written:
            path.unlink(missing_ok=True)
        for parent in sorted(made, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                parent.rmdir()
                if parent.parent != folder and parent.parent.exists() and not any(parent.parent.iterdir()):
                    parent.parent.rmdir()
        raise
    return written
