from pathlib import Path

import pytest
from typer.testing import CliRunner

from casebook.cli import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class Cli:
    """Runs the casebook command as a user would, in a given folder."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.runner = CliRunner()

    def __call__(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        if cwd is not None:
            self.monkeypatch.chdir(cwd)
        return self.runner.invoke(app, list(args), env=env, catch_exceptions=False, prog_name="casebook")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return Cli(monkeypatch)


@pytest.fixture
def casebook_dir(tmp_path: Path) -> Path:
    """An empty casebook with a config, in a temporary folder."""
    (tmp_path / "casebook.yaml").write_text("organisation: テスト県\n", encoding="utf-8")
    (tmp_path / "cases").mkdir()
    return tmp_path
