"""Benchmark: every figure of the speed targets (and `fmt --check` beside `check`), on synthetic casebooks of 1,000 / 10,000 / 100,000 cases,
and `check` on files built to make a scan slow (1 MB of 「@aaaa…」, 「番地」 and 200,000 digits, 104,000 unknown keys, …).

Cases are copies of the sample casebook with new ids, written to a temporary folder. Every command
runs in a fresh process, as CI and pre-commit run it, `--repeat` times: the table gives the median,
the spread (fastest–slowest), the ratio to the cold check of the same size, the CPU seconds (user+sys of
all its processes), the peak memory (all its processes together, PSS sampled from /proc every 20 ms; the
largest single process's RSS where /proc is missing) and the target where issue 24 sets one. check-jsonschema
(when installed: `make bench` installs it) checks the same files against casebook.schema.json in the same run,
and its line says how many times as fast the cold check is (wall and CPU). Last, the Word report of 50,000 cases all
in 2025H1 (one table of 50,000 rows), against issue 20's targets in CPU seconds and peak memory.

    python scripts/bench.py [--sizes 1000,10000,100000] [--repeat 5] [--repeat-large N] [--keep] [--only-pathological] [--skip-docx]

On a shared machine the figures vary with the load (printed at the start and the end): compare medians and
CPU seconds, and measure on a quiet machine before drawing conclusions.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORGANISATION_LINE = re.compile(r"^organisation: .*\n", re.M)
ID_LINE = re.compile(r"^id: .*$", re.M)
MODELINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.M)
RACY_SECONDS = 3.5  # files younger than this are read again by the next run (casebook.reading.cache.RACY_NS)

# (size, command label) → target in seconds (issue 24); "cold" is the cold check of the same size.
TARGETS = {
    (10_000, "check (cold)"): 1.5,
    (100_000, "check (cold)"): 12.0,
    (10_000, "check (warm, nothing changed)"): 0.5,
    (100_000, "check (warm, nothing changed)"): 1.2,
    (10_000, "check (warm, one file edited)"): 0.6,
    (10_000, "report csv (first after check)"): 1.0,
    (10_000, "report 2025H1 --format csv"): 1.0,
    (100_000, "report 2025H1 --format csv"): 2.0,
    (100_000, "report 2025H1 --format xlsx"): 2.0,
    (100_000, "report 2025H1 (terminal table)"): 2.0,
    (100_000, "list --format json"): 1.5,
}
MEMORY_TARGET_MB = 300  # every command, 100,000 cases
# The Word report of a half year of 50,000 cases (issue 20): CPU seconds and peak memory, measured after a check.
DOCX_ROWS = 50_000
DOCX_CPU_TARGET = 10.0
DOCX_MEMORY_TARGET_MB = 400
JSONSCHEMA_RATIO_TARGET = 25  # the cold check, this many times as fast as check-jsonschema on the same files
ARGS_PER_RUN = 10_000  # files named on one check-jsonschema command line (the length of a command line is bounded)


def sample_texts() -> list[str]:
    """The sample's cases and the examples' (seeds 000-003, longer), the latter as the 県's own: a casebook is one body's."""
    files = [*sorted((ROOT / "cases").rglob("*.yaml")), *sorted((ROOT / "examples").glob("*/cases/*.yaml"))]
    return [ORGANISATION_LINE.sub("", p.read_text(encoding="utf-8"), count=1) for p in files]


def build(folder: Path, size: int, samples: list[str] | None = None) -> int:
    samples = samples or sample_texts()
    shutil.copy(ROOT / "casebook.yaml", folder / "casebook.yaml")
    shutil.copy(ROOT / "casebook.schema.json", folder / "casebook.schema.json")  # what the modelines name, and check-jsonschema reads
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


# The sample's published cases of 2025H1 (発生日 令和7年4月～9月): a casebook of these is one table of `size` rows.
IN_2025H1 = re.compile(r"^occurred: R7\.[4-9]\.", re.M)


def build_one_half(folder: Path, size: int) -> int:
    """A casebook whose cases all fall in 2025H1, every one a row of the report's table."""
    return build(folder, size, [text for text in sample_texts() if IN_2025H1.search(text)])


def _tree_pss_kb(root_pid: int) -> int:
    """Proportional set size of a process and its descendants (shared pages counted once across them)."""
    tree, frontier = [root_pid], [root_pid]
    while frontier:
        pid = frontier.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listing:
                    children = [int(child) for child in listing.read().split()]
            except (OSError, ValueError):
                continue
            tree.extend(children)
            frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Seconds, peak memory (MB) and CPU seconds (all its processes) of one run."""
    start = time.perf_counter()
    environment = {**os.environ, **env} if env else None
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_pss_kb(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if os.path.isdir("/proc"):
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    stderr = process.stderr.read() if process.stderr else ""
    if code not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({code}):\n{stderr}")
    megabytes = (peak[0] if peak[0] else usage.ru_maxrss) / 1024
    return elapsed, megabytes, usage.ru_utime + usage.ru_stime


# Texts that once made a scan quadratic: each is the summary of one file of about 1 MB, checked alone.
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
HEAD = "id: slow\ntitle: 遅くならない本文\nstatus: 調査中\noccurred: R7.4.25\n"
# The 8,000 three-digit groups a flow mapping can hold without a repeated key (000–999, bare or with 名・人・件・分).
_GROUPS = ",".join(f"{i:03d}{unit}" for unit in ("", "名", "人", "件", "分", "名分", "人分", "件分") for i in range(1000))
# Whole files that once made the findings quadratic, with their target in CPU seconds (issue 20).
PATHOLOGICAL_FILES = {
    "104,000 unknown keys (1 MB)": (HEAD + "".join(f"k{i}: v\n" for i in range(104_000)), 2.0),
    "1,495 split into 8,000 groups": (HEAD + f"persons: {{actual: 1,{_GROUPS}}}\n", 2.0),
}


def pathological(casebook: str) -> None:
    print(f"\n{'pathological file (1 MB or so)':<34} {'seconds':>8} {'CPU s':>6}  target")
    files = {label: (HEAD + f"summary: '{body}'\n", None) for label, body in PATHOLOGICAL.items()} | PATHOLOGICAL_FILES
    for label, (text, target) in files.items():
        folder = Path(tempfile.mkdtemp(prefix="casebook-bench-slow-"))
        try:
            (folder / "cases").mkdir()
            shutil.copy(ROOT / "casebook.yaml", folder / "casebook.yaml")
            (folder / "cases" / "slow.yaml").write_text(text, encoding="utf-8")
            elapsed, _, cpu = timed([casebook, "check", "--quiet", "--no-cache"], folder)
            verdict = "" if target is None else f"≤ {target:g} CPU s {'ok' if cpu <= target else 'OVER'}"
            print(f"{label:<34} {elapsed:>8.2f} {cpu:>6.2f}  {verdict}", flush=True)
        finally:
            shutil.rmtree(folder)


def check_jsonschema() -> str | None:
    return shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")


class Figures:
    """Runs the commands of one casebook and prints one line per figure, beside its target."""

    def __init__(self, casebook: str, folder: Path, size: int, repeat: int) -> None:
        self.casebook, self.folder, self.size, self.repeat = casebook, folder, size, repeat
        self.cold = 0.0
        self.cold_cpu = 0.0
        self.edits = 0

    def measure(
        self,
        label: str,
        args: list[str],
        *,
        before: object = None,
        repeat: int | None = None,
        env: dict[str, str] | None = None,
        command: list[str] | None = None,
    ) -> tuple[float, float]:
        times, peaks, cpu = [], [], []
        for _ in range(repeat or self.repeat):
            if callable(before):
                before()
            elapsed, megabytes, seconds = timed(command or [self.casebook, *args], self.folder, env)
            times.append(elapsed)
            peaks.append(megabytes)
            cpu.append(seconds)
        median, cpu_median = statistics.median(times), statistics.median(cpu)
        if label == "check (cold)":
            self.cold, self.cold_cpu = median, cpu_median
        target = TARGETS.get((self.size, label))
        verdict = "" if target is None else f"≤ {target:g} s {'ok' if median <= target else 'OVER'}"
        memory = max(peaks)
        if self.size >= 100_000:
            verdict += f"{'; ' if verdict else ''}≤ {MEMORY_TARGET_MB} MB {'ok' if memory <= MEMORY_TARGET_MB else 'OVER'}"
        self.line(label, times, cpu_median, memory, verdict)
        return median, cpu_median

    def line(self, label: str, times: list[float], cpu: float, memory: float, verdict: str) -> None:
        median = statistics.median(times)
        ratio = median / self.cold if self.cold else 1.0
        print(
            f"{self.size:>8,} {label:<34} {median:>7.2f} {min(times):>6.2f}–{max(times):<6.2f} {ratio:>6.2f} "
            f"{cpu:>6.2f} {memory:>7.0f}  {verdict}",
            flush=True,
        )

    def drop_cache(self) -> None:
        shutil.rmtree(self.folder / ".casebook-cache", ignore_errors=True)

    def check_afresh(self) -> None:
        """A cold check, as a clerk runs before the first report of the day."""
        self.drop_cache()
        timed([self.casebook, "check", "--quiet"], self.folder)

    def edit_one(self) -> None:
        """Change one case file, as a clerk does before committing (a new file each time)."""
        self.edits += 1
        target = self.folder / "cases" / "000" / f"bench-{self.edits:06d}.yaml"
        with target.open("a", encoding="utf-8") as stream:
            stream.write(f"# edited {self.edits}\n")

    def jsonschema(self) -> None:
        """check-jsonschema on the same files (a batch of files per process: a command line is bounded); seconds summed."""
        program = check_jsonschema()
        if program is None:
            print(f"{self.size:>8,} check-jsonschema is not installed (pip install check-jsonschema): no ratio", flush=True)
            return
        files = sorted(p.relative_to(self.folder).as_posix() for p in (self.folder / "cases").rglob("*.yaml"))
        times, cpu, peaks = [], [], []
        for _ in range(self.repeat):
            elapsed = seconds = peak = 0.0
            for start in range(0, len(files), ARGS_PER_RUN):
                batch = files[start : start + ARGS_PER_RUN]
                run_elapsed, megabytes, run_seconds = timed([program, "--schemafile", "casebook.schema.json", *batch], self.folder)
                elapsed, seconds, peak = elapsed + run_elapsed, seconds + run_seconds, max(peak, megabytes)
            times.append(elapsed)
            cpu.append(seconds)
            peaks.append(peak)
        median, cpu_median = statistics.median(times), statistics.median(cpu)
        ratio = median / self.cold if self.cold else float("nan")
        cpu_ratio = cpu_median / self.cold_cpu if self.cold_cpu else float("nan")
        verdict = f"cold check {ratio:.1f}× as fast (CPU {cpu_ratio:.1f}×); ≥ {JSONSCHEMA_RATIO_TARGET}× {'ok' if ratio >= JSONSCHEMA_RATIO_TARGET else 'UNDER'}"
        self.line("check-jsonschema (same files)", times, cpu_median, max(peaks), verdict)

    def run(self) -> None:
        quick = ["check", "--quiet"]
        self.measure("check (cold)", quick, before=self.drop_cache)
        self.jsonschema()
        self.measure("check --no-cache", [*quick, "--no-cache"])
        self.measure("check (warm, nothing changed)", quick)
        self.measure("check (warm, one file edited)", quick, before=self.edit_one)
        self.measure("fmt --check", ["fmt", "--check"])  # issue 10: within 3x of the cold check
        # check caches the facts the documents need: the first report after it is as fast as a warm one
        self.measure("report csv (first after check)", ["report", "2025H1", "--format", "csv"], before=self.check_afresh)
        xlsx = self.folder / "bench-report.xlsx"
        terminal = {"TTY_COMPATIBLE": "1", "COLUMNS": "200"}  # drawn as on a terminal, not the text of a pipe
        for label, args, env in (
            ("report 2025H1 --format csv", ["report", "2025H1", "--format", "csv"], None),
            ("report 2025H1 --format xlsx", ["report", "2025H1", "--out", str(xlsx), "--force"], None),
            ("report 2025H1 (terminal table)", ["report", "2025H1"], terminal),
            ("list --format json", ["list", "--format", "json"], None),
            ("list (terminal table)", ["list"], terminal),
            ("stats 2024H2 2025H1", ["stats", "2024H2", "2025H1"], None),
        ):
            self.measure(label, args, env=env)
        self.measure("report 2025H1 csv (cold cache)", ["report", "2025H1", "--format", "csv"], before=self.drop_cache)


def docx_figure(casebook: str, repeat: int, keep: bool) -> None:
    """`report 2025H1 --format docx` of DOCX_ROWS cases, all in 2025H1: one table of DOCX_ROWS rows."""
    folder = Path(tempfile.mkdtemp(prefix="casebook-bench-docx-"))
    try:
        build_one_half(folder, DOCX_ROWS)
        os.sync()
        time.sleep(RACY_SECONDS)
        timed([casebook, "check", "--quiet"], folder)
        out = folder / "bench-report.docx"
        runs = [timed([casebook, "report", "2025H1", "--format", "docx", "--out", str(out), "--force"], folder) for _ in range(repeat)]
        seconds, memory, cpu = (statistics.median(figure) for figure in zip(*runs, strict=True))
        verdict = (
            f"≤ {DOCX_CPU_TARGET:g} CPU s {'ok' if cpu <= DOCX_CPU_TARGET else 'OVER'}; "
            f"≤ {DOCX_MEMORY_TARGET_MB} MB {'ok' if max(run[1] for run in runs) <= DOCX_MEMORY_TARGET_MB else 'OVER'}"
        )
        label = "report 2025H1 --format docx"
        print(f"{DOCX_ROWS:>8,} {label:<34} {seconds:>7.2f} {'':^13} {'':>6} {cpu:>6.2f} {memory:>7.0f}  {verdict}", flush=True)
    finally:
        if keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder)


def load_average() -> str:
    if not hasattr(os, "getloadavg"):
        return "load average unknown"
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (median and spread)")
    parser.add_argument("--repeat-large", type=int, default=None, help="runs of each command from 100,000 cases (default: --repeat)")
    parser.add_argument("--keep", action="store_true", help="keep the generated casebooks")
    parser.add_argument("--only-pathological", action="store_true", help="time only the pathological files")
    parser.add_argument("--skip-pathological", action="store_true")
    parser.add_argument("--skip-docx", action="store_true", help=f"leave out the Word report of {DOCX_ROWS:,} rows")
    args = parser.parse_args()
    casebook = shutil.which("casebook", path=str(Path(sys.executable).parent)) or "casebook"

    import casebook as package
    from casebook.reading.yaml12 import COMPOSER

    # Measured as an installed casebook runs: pip compiles the package's bytecode when it installs a wheel, while an
    # editable install under PYTHONDONTWRITEBYTECODE would compile every module from source in every command measured.
    compileall.compile_dir(Path(package.__file__).parent, quiet=1)

    print(f"YAML composer: {COMPOSER}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs; {load_average()}")
    print(
        f"medians of {args.repeat} runs{f' ({args.repeat_large} from 100,000 cases)' if args.repeat_large else ''}; CPU s: user+sys of every process of the command"
    )
    if not args.skip_pathological:
        pathological(casebook)
    if args.only_pathological:
        return
    print(f"\n{'cases':>8} {'command':<34} {'median':>7} {'spread':^13} {'×cold':>6} {'CPU s':>6} {'peak MB':>7}  target")
    colds = {}
    for size in (int(s) for s in args.sizes.split(",")):
        folder = Path(tempfile.mkdtemp(prefix=f"casebook-bench-{size}-"))
        try:
            megabytes = build(folder, size) / 1e6
            os.sync()  # let the writes of build() settle so that they do not slow the first command
            time.sleep(RACY_SECONDS)  # files as old as a clerk's are (a file changed just now is read again)
            print(f"{size:>8,} ({megabytes:.1f} MB of case files)")
            repeat = args.repeat_large if size >= 100_000 and args.repeat_large else args.repeat
            figures = Figures(casebook, folder, size, repeat)
            figures.run()
            colds[size] = figures.cold
        finally:
            if args.keep:
                print(f"kept {folder}")
            else:
                shutil.rmtree(folder)
    if not args.skip_docx:
        print(f"\n{'rows':>8} {'command (cases all in 2025H1)':<34} {'median':>7}")
        docx_figure(casebook, args.repeat_large or args.repeat, args.keep)
    print(f"\n{load_average()} at the end")
    print("\nscaling of the cold check (µs per case; linear when the figures stay level):")
    for size, seconds in colds.items():
        print(f"{size:>8,} {seconds / size * 1e6:>8.0f} µs per case, {size / seconds:>8,.0f} cases/s")


if __name__ == "__main__":
    main()
