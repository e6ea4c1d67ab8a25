"""Benchmark: `casebook check`, `casebook list` and `casebook fmt --check` on synthetic casebooks of 1,000 / 10,000 / 100,000 cases,
and `check` on files built to make a scan slow (1 MB of 「@aaaa…」, 「番地」 and 200,000 digits, …).

Cases are copies of the sample casebook with new ids, written to a temporary
folder. Each command runs cold, in a fresh process, as CI runs it.

    python scripts/bench.py [--sizes 1000,10000,100000] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ID_LINE = re.compile(r"^id: .*$", re.M)
MODELINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.M)


def build(folder: Path, size: int) -> int:
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "cases").rglob("*.yaml"))]
    shutil.copy(ROOT / "casebook.yaml", folder / "casebook.yaml")
    written = 0
    for number in range(size):
        text = samples[number % len(samples)]
        case_id = f"bench-{number:06d}"
        sub = folder / "cases" / f"{number // 1000:03d}"
        if number % 1000 == 0:
            sub.mkdir(parents=True)
        text = MODELINE.sub("# yaml-language-server: $schema=../../casebook.schema.json", text, count=1)  # cases/NNN/ is two folders down
        data = ID_LINE.sub(f"id: {case_id}", text, count=1).encode("utf-8")
        (sub / f"{case_id}.yaml").write_bytes(data)
        written += len(data)
    return written


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({completed.returncode}):\n{completed.stderr}")
    return elapsed, completed.returncode


# Texts that once made a scan quadratic: each is one file of about 1 MB, checked alone.
PATHOLOGICAL = {
    "@ + 1,000,000 letters": "@" + "a" * 1_000_000,
    "1,000,000 letters + @": "a" * 1_000_000 + "@",
    "番地 + 200,000 digits": "番地" + "1" * 200_000,
    "200,000 digits + 番地": "1" * 200_000 + "番地",
    "300,000 様": "様" * 300_000,
    "100,000 names with 様": "山田様" * 100_000,
    "1,000,000 digits": "0" * 1_000_000,
    "250,000 e-mail addresses": "a@b.c" * 200_000,
    "100,000 weekday marks": "4月1日（火）" * 100_000,
}


def pathological(casebook: str) -> None:
    print(f"\n{'pathological file (1 MB or so)':<34} {'seconds':>8}")
    for label, body in PATHOLOGICAL.items():
        folder = Path(tempfile.mkdtemp(prefix="casebook-bench-slow-"))
        try:
            (folder / "cases").mkdir()
            shutil.copy(ROOT / "casebook.yaml", folder / "casebook.yaml")
            text = f"id: slow\ntitle: 遅くならない本文\nstatus: 調査中\noccurred: R7.4.25\nsummary: '{body}'\n"
            (folder / "cases" / "slow.yaml").write_text(text, encoding="utf-8")
            elapsed, _ = timed([casebook, "check", "--quiet"], folder)
            print(f"{label:<34} {elapsed:>8.2f}", flush=True)
        finally:
            shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--keep", action="store_true", help="keep the generated casebooks")
    parser.add_argument("--only-pathological", action="store_true", help="time only the pathological files")
    args = parser.parse_args()
    casebook = shutil.which("casebook", path=str(Path(sys.executable).parent)) or "casebook"

    from casebook.reading.yaml12 import COMPOSER

    print(f"YAML composer: {COMPOSER}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
    pathological(casebook)
    if args.only_pathological:
        return
    print(f"\n{'cases':>8} {'MB':>6} {'command':<28} {'seconds':>8} {'cases/s':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        folder = Path(tempfile.mkdtemp(prefix=f"casebook-bench-{size}-"))
        try:
            megabytes = build(folder, size) / 1e6
            os.sync()  # let the writes of build() settle so that they do not slow the first command
            for command in (["check", "--quiet"], ["list", "--format", "json"], ["fmt", "--check"]):
                elapsed, code = timed([casebook, *command], folder)
                label = " ".join(command) + ("" if code == 0 else " (findings)")
                print(f"{size:>8,} {megabytes:>6.1f} {label:<28} {elapsed:>8.2f} {size / elapsed:>9,.0f}", flush=True)
        finally:
            if args.keep:
                print(f"kept {folder}")
            else:
                shutil.rmtree(folder)


if __name__ == "__main__":
    main()
