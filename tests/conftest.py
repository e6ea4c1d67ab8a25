import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from casebook.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_FILES = sorted((ROOT / "cases").rglob("*.yaml"))  # the sample casebook: the 県's cases (seed 004)
# One body's casebook each (a casebook is one body's): the cases of seeds 000-003, each in its own body's casebook.
EXAMPLES = ROOT / "examples"
EXAMPLE_BOOKS = sorted(config.parent for config in EXAMPLES.glob("*/casebook.yaml"))
EXAMPLE_OF = {case.stem: book for book in EXAMPLE_BOOKS for case in (book / "cases").rglob("*.yaml")}  # case id → its casebook
EXAMPLE_FILES = sorted(case for book in EXAMPLE_BOOKS for case in (book / "cases").rglob("*.yaml"))
CASE_FILES = SAMPLE_FILES + EXAMPLE_FILES  # every case file of the project


def as_the_sample_s(path: Path) -> str:
    """A case file's text as a case of the sample's body (県): an example's `organisation:` line left out, so that
    property tests can put the examples' richer files (notices, contacts, letters) in a casebook of the 県."""
    return re.sub(r"^organisation: .*\n", "", path.read_text(encoding="utf-8"), count=1, flags=re.M)


SEEDS = Path(os.environ.get("CASEBOOK_SEEDS", ROOT.parent / "shared" / "seeds"))


def seed_text(number: str) -> str:
    """The text of seed `number` (000-004). Skipped where shared/seeds is not beside the project, but never in CI: a
    test against the published documents that silently does not run is how a wrong sample once passed a local run."""
    found = sorted(SEEDS.glob(f"{number}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        message = f"seed {number} is not in {SEEDS} (set CASEBOOK_SEEDS)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found[0].read_text(encoding="utf-8")


class Cli:
    """Runs the casebook command as a user would, in a given folder."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.runner = CliRunner()

    def __call__(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: bytes | None = None) -> Result:
        if cwd is not None:
            self.monkeypatch.chdir(cwd)
        return self.runner.invoke(app, list(args), input=stdin, env=env, catch_exceptions=False, prog_name="casebook")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE"):  # the tests' own CI run is not the one checked
        monkeypatch.delenv(name, raising=False)
    return Cli(monkeypatch)


def copy_sample(folder: Path) -> Path:
    """A copy of the sample casebook (cases/, casebook.yaml and its schema) in `folder`, to change freely."""
    shutil.copytree(ROOT / "cases", folder / "cases")
    shutil.copy(ROOT / "casebook.yaml", folder / "casebook.yaml")
    shutil.copy(ROOT / "casebook.schema.json", folder / "casebook.schema.json")  # what the cases' modelines point at
    return folder


def copy_example(case_id: str, folder: Path) -> Path:
    """A copy of the example casebook that holds `case_id`, in `folder` as in the project (examples/<body>/, the schema
    two folders up, where the cases' modelines point); returns the copy's casebook folder."""
    source = EXAMPLE_OF[case_id]
    target = folder / source.relative_to(ROOT)
    shutil.copytree(source, target)
    shutil.copy(ROOT / "casebook.schema.json", folder / "casebook.schema.json")
    return target


@pytest.fixture
def tottori_book(tmp_path: Path) -> Path:
    """鳥取県's example casebook (seed 000: a press release, an apology, a PPC report), copied for one test."""
    return copy_example("2023-11-09-tottori-camera", tmp_path)


@pytest.fixture
def ninomiya_book(tmp_path: Path) -> Path:
    """二宮町's example casebook (seed 001: a press release), copied for one test."""
    return copy_example("2023-10-24-ninomiya-counter", tmp_path)


@pytest.fixture
def sample_book(tmp_path: Path) -> Path:
    """The sample casebook, copied for one test."""
    return copy_sample(tmp_path)


@pytest.fixture(scope="session")
def sample_cases() -> list[Any]:
    """The cases of the sample casebook, read once for the whole run."""
    from casebook.reading.loader import open_casebook
    from casebook.reading.run import check

    book, _ = open_casebook(ROOT)
    return check(book, jobs=1).cases


@pytest.fixture(scope="session")
def sample_config() -> Any:
    from casebook.reading.loader import open_casebook

    return open_casebook(ROOT)[0].config


@pytest.fixture
def casebook_dir(tmp_path: Path) -> Path:
    """An empty casebook with a config and its schema (what the modelines of new cases point at), in a temporary folder."""
    from casebook.authoring.schema import schema_text

    (tmp_path / "casebook.yaml").write_text("organisation: テスト県\n", encoding="utf-8")
    (tmp_path / "casebook.schema.json").write_text(schema_text(), encoding="utf-8")
    (tmp_path / "cases").mkdir()
    return tmp_path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files from the current output (review the diff before committing)",
    )


class Golden:
    """Compares a whole document with its reviewed golden file, or rewrites the file with --update-golden."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def __call__(self, actual: str | bytes, path: Path) -> None:
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.exists(), f"{path} is missing: run pytest --update-golden and review it"
        expected = path.read_bytes()
        if data != expected:
            assert data.decode("utf-8", "replace") == expected.decode("utf-8", "replace"), (
                f"{path} differs (pytest --update-golden rewrites it)"
            )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that compares with a golden file is marked `golden`: `make golden` runs exactly those."""
    for item in items:
        if "golden" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.golden)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(request.config.getoption("--update-golden"))
