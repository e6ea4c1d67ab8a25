"""Where this casebook was installed from, as the pip requirement that installs the same code elsewhere.

`casebook init` writes it into a new casebook's CI workflow and pre-commit configuration, so that they install
exactly what the clerk has: pip records the source of a direct install in the distribution's direct_url.json
(PEP 610: a VCS URL with its commit, a local folder, an archive, an editable folder); a package from an index
has none, and is pinned to its version. A folder that is a git checkout is named by its remote and commit, which
CI can reach; a folder or archive on this machine alone is written as it is, with a note that CI cannot reach it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from casebook import __version__
from casebook.errors import CasebookError
from casebook.safety.inert import FORBIDDEN

DISTRIBUTION = "casebook-jp"
SCP_LIKE = re.compile(r"^(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?P<path>(?!/).+)$")  # git@host:org/casebook.git


@dataclass(frozen=True)
class Origin:
    requirement: str  # what pip installs: 'casebook-jp==0.2.0', 'casebook-jp @ git+https://…@<commit>'
    described: str  # where it is from, in the clerk's words (the comment above the install line)
    reachable: bool = True  # False: a folder or file of this machine, which CI on another machine cannot install from
    given: bool = False  # named with --install rather than found


def given_origin(spec: str) -> Origin:
    """`casebook init --install SPEC`: what the clerk names, as it is."""
    text = spec.strip()
    if not text or FORBIDDEN.search(text) or "\n" in text:
        raise CasebookError("--install には pip install に渡す1行（例: casebook-jp==0.2.0、git+https://…@コミット）を指定してください")
    return Origin(text, "casebook init --install で指定したもの", given=True)


def installed_origin() -> Origin:
    """The source this casebook was installed from, pinned to the exact commit or version."""
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return _from_index(__version__)
    recorded = distribution.read_text("direct_url.json")
    if recorded is None:
        return _from_index(distribution.version)
    return origin_from_direct_url(json.loads(recorded), distribution.version)


def _from_index(version: str) -> Origin:
    return Origin(f"{DISTRIBUTION}=={version}", f"パッケージの索引の版 {version}")


def origin_from_direct_url(record: dict[str, object], version: str) -> Origin:
    """The requirement for one PEP 610 record (the content of direct_url.json)."""
    url = str(record.get("url", ""))
    subdirectory = record.get("subdirectory")
    fragment = f"#subdirectory={subdirectory}" if subdirectory else ""
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict):
        commit = vcs.get("commit_id", "")
        source = _named_host(url)
        return Origin(
            f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{source}@{commit}{fragment}", f"{url} のコミット {commit}", _reachable(url)
        )
    archive = record.get("archive_info")
    if isinstance(archive, dict):
        digest = _archive_hash(archive)
        return Origin(f"{DISTRIBUTION} @ {url}{digest}", f"配布ファイル {_shown(url)}", _reachable(url))
    folder = Path(url2pathname(urlparse(url).path)) if url.startswith("file:") else None
    info = record.get("dir_info")
    editable = isinstance(info, dict) and bool(info.get("editable"))
    kind = "編集可能（pip install -e）で入れたフォルダ" if editable else "フォルダ"
    if folder is not None:
        checkout = _git_checkout(folder)
        if checkout is not None:
            remote, commit, top = checkout
            source = remote or _named_host(top.as_uri())
            inside = folder.resolve().relative_to(top.resolve()).as_posix() if folder.resolve() != top.resolve() else ""
            return Origin(
                f"{DISTRIBUTION} @ git+{source}@{commit}" + (f"#subdirectory={inside}" if inside else ""),
                f"{kind} {folder} の git のコミット {commit}",
                remote is not None and _reachable(remote),
            )
    return Origin(f"{DISTRIBUTION} @ {url}{fragment}", f"{kind} {_shown(url)}（版 {version}）", _reachable(url))


def _archive_hash(archive: dict[str, object]) -> str:
    hashes = archive.get("hashes")
    if isinstance(hashes, dict) and "sha256" in hashes:
        return f"#sha256={hashes['sha256']}"
    legacy = archive.get("hash")  # "sha256=…", the form before hashes
    return f"#{legacy}" if isinstance(legacy, str) and "=" in legacy else ""


def _shown(url: str) -> str:
    return unquote(urlparse(url).path) if url.startswith("file:") else url


def _reachable(url: str) -> bool:
    """Whether CI on another machine could fetch from `url` (not a file of this machine)."""
    return not url.startswith(("file:", "/", "."))


def _git_checkout(folder: Path) -> tuple[str | None, str, Path] | None:
    """(the URL of its remote `origin` or None, the commit checked out, the top folder) when `folder` is in a git checkout."""
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return None

    def ask(*args: str) -> str | None:
        try:
            done = subprocess.run([git, "-C", str(folder), *args], capture_output=True, text=True, check=False, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None

    commit = ask("rev-parse", "--verify", "HEAD^{commit}")
    top = ask("rev-parse", "--show-toplevel")
    if commit is None or top is None:
        return None
    remote = ask("config", "--get", "remote.origin.url")
    return (_pip_git_url(remote) if remote else None), commit, Path(top)


def _pip_git_url(remote: str) -> str:
    """A git remote as pip's git+ URLs take it: git@host:org/repo.git becomes ssh://git@host/org/repo.git."""
    scp = SCP_LIKE.match(remote)
    if scp and "://" not in remote:
        return f"ssh://{scp['user']}@{scp['host']}/{scp['path']}"
    if remote.startswith("/"):
        return _named_host(Path(remote).as_uri())
    return _named_host(remote)


def _named_host(url: str) -> str:
    """file:///srv/casebook as file://localhost/srv/casebook: pip before 23.3 refuses a git+file URL without a host."""
    return "file://localhost/" + url.removeprefix("file:///") if url.startswith("file:///") else url
