"""Installing casebook for real, as a body does, into scratch virtual environments (slow: `make test-all`).

- the README's install steps, exactly as written, in a scratch folder (a clone, a vendored wheel for an offline office);
- `casebook init` run by a casebook installed each way (an index, a local wheel, a git URL, a folder, an editable
  folder) writes a workflow and a pre-commit configuration whose pip requirement installs that same casebook;
- the sdist carries what the tests need: they run from the unpacked sdist.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

import casebook

pytestmark = pytest.mark.slow

PLACEHOLDER = "<casebook のリポジトリ>"


def _env() -> dict[str, str]:
    """This environment without the test run's own virtualenv, as a new terminal has it."""
    env = {name: value for name, value in os.environ.items() if name not in ("VIRTUAL_ENV", "PYTHONPATH")}
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep) if part != bin_dir)
    return env


def _run(args: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{shlex.join(args)}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _head() -> str:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs this project's git checkout")
    return _run(["git", "-C", str(ROOT), "rev-parse", "HEAD"]).strip()


def test_the_readme_install_steps_work_in_a_scratch_folder(tmp_path: Path) -> None:
    _head()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- install:.*?-->\n(.*?)<!-- /install -->", readme, re.S)
    assert section, "README.md has lost its install markers"
    blocks = re.findall(r"```console\n(.*?)```", section.group(1), re.S)
    lines = [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ ")]
    assert len(blocks) == 2 and any("pip wheel" in line for line in lines)
    script = "set -euo pipefail\n" + "\n".join(line.replace(PLACEHOLDER, shlex.quote(str(ROOT))) for line in lines) + "\n"
    output = _run(["bash", "-c", script], cwd=tmp_path)
    assert output.count(f"casebook {casebook.__version__}") == 2, output  # the clone's and the offline office's
    assert (tmp_path / "office" / "bin" / "casebook").exists()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheels")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder), str(ROOT)])
    return next(folder.glob("casebook_jp-*.whl"))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A virtualenv with casebook's dependencies, installed once; each test installs casebook into it its own way."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", str(venv)])
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)])
    return venv


def _pip(venv: Path, *args: str) -> None:
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", *args])


def _direct_url(venv: Path) -> dict[str, object] | None:
    code = "import importlib.metadata as m; print(m.distribution('casebook-jp').read_text('direct_url.json') or 'null')"
    return json.loads(_run([str(venv / "bin" / "python"), "-c", code]))  # type: ignore[no-any-return]


def _written_requirement(venv: Path, folder: Path) -> str:
    """What `casebook init` (of this venv) writes for CI to install; the pre-commit hook installs the same."""
    done = subprocess.run(
        [str(venv / "bin" / "casebook"), "init", str(folder), "--organisation", "県", "--no-input"],
        check=False,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    steps = yaml.safe_load((folder / ".github/workflows/casebook.yml").read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    pip, install, requirement = shlex.split(steps[-2]["run"])
    assert (pip, install) == ("pip", "install")
    hook = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert hook["additional_dependencies"] == [requirement]
    return requirement


def _git_source() -> str:
    """How a checkout of this repository is named for CI: its remote `origin`, else the checkout itself."""
    remote = subprocess.run(
        ["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"], check=False, capture_output=True, text=True
    ).stdout.strip()
    if remote.startswith("/"):
        return _localhost(Path(remote))
    if remote:
        return remote.replace("file:///", "file://localhost/", 1)
    return _localhost(Path(_run(["git", "-C", str(ROOT), "rev-parse", "--show-toplevel"]).strip()))


def _localhost(folder: Path) -> str:
    """A folder as a file URL with a host, as pip before 23.3 (the one python -m venv brings) reads git+file URLs."""
    return "file://localhost" + folder.as_uri().removeprefix("file://")


def test_from_an_index_the_version_is_pinned(scratch: Path, wheel: Path, tmp_path: Path) -> None:
    index = ["--no-index", "--find-links", str(wheel.parent)]  # a folder of wheels is an index to pip (no direct_url.json)
    _pip(scratch, *index, "casebook-jp")
    assert _direct_url(scratch) is None
    requirement = _written_requirement(scratch, tmp_path / "book")
    assert requirement == f"casebook-jp=={casebook.__version__}"
    _pip(scratch, *index, requirement)
    assert _direct_url(scratch) is None


def test_from_a_wheel_file_it_is_that_file_with_its_hash(scratch: Path, wheel: Path, tmp_path: Path) -> None:
    _pip(scratch, str(wheel))
    requirement = _written_requirement(scratch, tmp_path / "book")
    assert requirement.startswith(f"casebook-jp @ {wheel.as_uri()}#sha256=")
    _pip(scratch, requirement)  # pip checks the hash
    recorded = _direct_url(scratch)
    assert recorded is not None and recorded["url"] == wheel.as_uri() and "archive_info" in recorded


def test_from_a_git_url_it_is_that_commit(scratch: Path, tmp_path: Path) -> None:
    head = _head()
    _pip(scratch, f"git+{ROOT.as_uri()}@{head}")
    requirement = _written_requirement(scratch, tmp_path / "book")
    assert requirement == f"casebook-jp @ git+{_localhost(ROOT)}@{head}"
    _pip(scratch, requirement)
    assert _direct_url(scratch)["vcs_info"]["commit_id"] == head  # type: ignore[index]


@pytest.mark.parametrize("editable", [False, True], ids=["folder", "editable"])
def test_from_a_folder_it_is_the_folder_s_git_commit(scratch: Path, tmp_path: Path, editable: bool) -> None:
    head = _head()
    _pip(scratch, *(["--editable"] if editable else []), str(ROOT))
    assert _direct_url(scratch)["dir_info"] == ({"editable": True} if editable else {})  # type: ignore[index]
    requirement = _written_requirement(scratch, tmp_path / "book")
    source = _git_source()
    assert requirement == f"casebook-jp @ git+{source}@{head}"
    if source.startswith("file:"):  # reachable from here without a network: install what was written
        _pip(scratch, requirement)
        assert _direct_url(scratch)["vcs_info"]["commit_id"] == head  # type: ignore[index]


def test_the_tests_run_from_the_unpacked_sdist(tmp_path: Path) -> None:
    _run([sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path / "dist"), str(ROOT)])
    (sdist,) = (tmp_path / "dist").glob("casebook_jp-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    for needed in ("docs/cli.md", "scripts/docs.py", "cases", "casebook.yaml", "casebook.schema.json", "tests/golden", "Makefile"):
        assert (unpacked / needed).exists(), needed
    shown = _run([sys.executable, "-c", "import casebook; print(casebook.__file__)"], cwd=unpacked)
    assert Path(shown.strip()).is_relative_to(unpacked)  # the unpacked package, not this checkout's
    tests = ["tests/test_readme.py", "tests/test_release.py", "tests/test_golden.py", "tests/test_rules.py", "tests/test_schema.py"]
    _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=unpacked)
