"""Benchmark: the build at scale, ours beside plain Material on the same pages, in one run.

    python3 tools/bench/build_scale.py [--sizes 100 1000 3000] [--runs 3] [--no-git] [--no-prune-only]
    python3 tools/bench/build_scale.py --profile 1000      # cProfile of our build, top functions

For each size N it generates a course of N lessons and N quiz banks (tools/bench/corpus.py),
commits it to a fresh git repository (the real site lives in git: the build reads commit dates)
and builds it three ways, in turn (the order rotates from run to run), ``--runs`` times each:

- **ours**: ``academy build`` with the repo's own mkdocs.yml (theme ``custom_dir``,
  ``font: false``, ``navigation.sections`` + ``navigation.prune``, the markdown extensions, the
  academy plugin, no Material search). That is everything the real site does: load and check
  the course (git dates included), the generated pages (one per bank, indexes, game pages),
  quiz widgets on lessons, the navigation, course.json, the search index of docs/search.md and
  the service worker. The generated course has no ``reply`` question and no script manual, so
  the build copies no Pyodide (12 MB, the same at every size, on the real site).
- **plain**: ``mkdocs build`` of the same Markdown lessons with the same mkdocs.yml minus the
  academy plugin and ``custom_dir``, with Material's default ``search`` plugin, without the
  quiz banks and the course's YAML: what a team would get without us.
- **plain, prune only**: the same minus ``navigation.sections`` (which opens every top-level
  section on every page, so that ``navigation.prune`` cannot prune them): the smallest pages
  Material makes of this course on its own. ``--no-prune-only`` leaves it out.

Columns: wall time (median of the runs, and each run, seconds), CPU time (user + system,
median: steadier than wall time on a shared machine), ours/plain ratios, output size (MB,
apparent bytes as ``du -sb`` counts them), HTML size of a lesson page (mean and max, KB: flat in
N when a page does not embed the course), the largest HTML page of the site, and peak RSS of the
build process (MB, ``ru_maxrss`` of the child from ``wait4``, the figure
``resource.getrusage(RUSAGE_CHILDREN)`` gives for one child). The load average is printed too.

The builds keep compiled Python, as an installed tool does, and share a user cache made fresh
for the benchmark: the first run of ours compiles the theme's templates (a build on a new
machine, as in CI), later runs load them (a rebuild, as under ``academy serve``).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SIZES = (100, 1000, 3000)
COURSE_YAML = ("academy.yml", "wording.yml")
OURS, PLAIN, PRUNE_ONLY = "ours", "plain", "plain, prune only"


@dataclass
class Runs:
    """Measurements of one configuration at one size."""

    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    size_mb: float = 0.0
    lesson_kb_mean: float = 0.0
    lesson_kb_max: float = 0.0
    largest: tuple[str, float] = ("", 0.0)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def _replace_once(text: str, pattern: str, repl: str) -> str:
    new, count = re.subn(pattern, repl, text, count=1, flags=re.MULTILINE)
    if count != 1:
        raise SystemExit(f"build_scale: mkdocs.yml has no line matching {pattern!r}")
    return new


def mkdocs_yml(build: str) -> str:
    """The repo's mkdocs.yml for the generated course, as ``build`` (OURS, PLAIN, PRUNE_ONLY)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = _replace_once(text, r"^site_name:.*$", "site_name: Bench")
    if build == OURS:
        text = _replace_once(text, r"^  custom_dir:.*$", f"  custom_dir: {REPO / 'theme'}")
        plugins = "plugins:\n  - academy\n"
    else:
        text = _replace_once(text, r"^  custom_dir:.*$\n", "")
        plugins = "plugins:\n  - search\nexclude_docs: |\n" + "".join(f"  {n}\n" for n in COURSE_YAML)
    if build == PRUNE_ONLY:
        text = _replace_once(text, r"^    - navigation\.sections.*$\n", "")
    # the plugins block runs to the next top-level key
    return _replace_once(text, r"^plugins:\n(?:(?:[ #].*)?\n)*", plugins + "\n")


CONFIGS = {OURS: "mkdocs.yml", PLAIN: "mkdocs-plain.yml", PRUNE_ONLY: "mkdocs-prune-only.yml"}


def make_course(root: Path, n: int, git: bool) -> None:
    generate(root, n, n)
    for build, name in CONFIGS.items():
        (root / name).write_text(mkdocs_yml(build), encoding="utf-8")
    if git:
        env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@invalid",
               "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@invalid"}
        for args in (["init", "-q"], ["add", "content", "quizzes", "mkdocs.yml"],
                     ["commit", "-q", "-m", "course"]):
            subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def build_env(work: Path) -> dict[str, str]:
    """The builds' environment: compiled Python kept as for an installed tool (even where
    PYTHONDONTWRITEBYTECODE is set), and a fresh user cache for this benchmark, so that our first
    build compiles the theme's templates and later ones load them (academy.template_cache)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CACHE_HOME"] = str(work / "user-cache")
    return env


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one build process."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            out.seek(0)
            tail = out.read().decode("utf-8", "replace")[-3000:]
            raise SystemExit(f"build failed ({' '.join(cmd)}):\n{tail}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure_site(site: Path, lessons: list[str], runs: Runs) -> None:
    runs.size_mb = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    sizes = [(site / rel[:-3] / "index.html").stat().st_size / 1000 for rel in lessons]
    runs.lesson_kb_mean = statistics.fmean(sizes)
    runs.lesson_kb_max = max(sizes)
    page = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    runs.largest = (page.relative_to(site).as_posix(), page.stat().st_size / 1000)


def _command(build: str, root: Path) -> list[str]:
    site = str(root / f"site-{CONFIGS[build].removesuffix('.yml')}")
    if build == OURS:
        return [sys.executable, "-m", "academy.cli", "build", "--site-dir", site]
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", CONFIGS[build], "--site-dir", site]


def bench_size(n: int, runs: int, git: bool, builds: list[str], work: Path) -> dict[str, Runs]:
    root = work / f"course-{n}"
    print(f"[{n}] generating {n} lessons and {n} banks ...", file=sys.stderr, flush=True)
    make_course(root, n, git)
    lessons = sorted(p.relative_to(root / "content").as_posix()
                     for p in (root / "content").rglob("lesson-*.md"))
    result = {build: Runs() for build in builds}
    for i in range(runs):
        for build in builds[i % len(builds):] + builds[:i % len(builds)]:
            seconds, cpu, rss = timed(_command(build, root), root, build_env(work))
            result[build].times.append(seconds)
            result[build].cpu.append(cpu)
            result[build].rss_mb.append(rss)
            print(f"[{n}] run {i + 1} {build}: {seconds:.2f} s, {cpu:.2f} s CPU, {rss:.0f} MB RSS "
                  f"(load {os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)
    for build in builds:
        measure_site(root / f"site-{CONFIGS[build].removesuffix('.yml')}", lessons, result[build])
    shutil.rmtree(root)
    return result


def table(results: dict[int, dict[str, Runs]]) -> str:
    head = ("| lessons + banks | build | wall s, median (runs) | CPU s | ours / this, wall (CPU) "
            "| output MB | lesson page KB, mean / max | largest page KB | peak RSS MB |")
    lines = [head, "|---|---|---|---|---|---|---|---|---|"]
    for n, by in results.items():
        ours = by[OURS]
        for build, r in by.items():
            ratio = ("" if build == OURS else
                     f"{ours.median / r.median:.2f}× ({ours.median_cpu / r.median_cpu:.2f}×)")
            lines.append(
                f"| {n:,} | {build} | {r.median:.1f} ({', '.join(f'{t:.1f}' for t in r.times)}) "
                f"| {r.median_cpu:.1f} | {ratio} | {r.size_mb:.1f} "
                f"| {r.lesson_kb_mean:.1f} / {r.lesson_kb_max:.1f} "
                f"| {r.largest[1]:.0f} (`{r.largest[0]}`) | {max(r.rss_mb):.0f} |")
    return "\n".join(lines)


def profile(n: int, git: bool, work: Path, top: int) -> None:
    """Our build at ``n`` in this process under cProfile."""
    from academy.cli import main as academy

    root = work / f"course-{n}"
    make_course(root, n, git)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        args = ["build", "--site-dir", str(root / "site-ours")]
        profiler = cProfile.Profile()
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the yellow cards
            profiler.runcall(academy, args)
        print(f"our build of {n} lessons + {n} banks under cProfile: "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    finally:
        os.chdir(cwd)
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print(stream.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-git", dest="git", action="store_false",
                        help="do not commit the generated course to git")
    parser.add_argument("--no-prune-only", dest="prune_only", action="store_false",
                        help="leave out plain Material without navigation.sections")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="profile our build of N lessons instead of the table")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    args = parser.parse_args()
    builds = [OURS, PLAIN] + ([PRUNE_ONLY] if args.prune_only else [])
    with tempfile.TemporaryDirectory(prefix="build-scale-") as tmp:
        if args.profile:
            profile(args.profile, args.git, Path(tmp), args.top)
            return
        load_before = os.getloadavg()
        results = {n: bench_size(n, args.runs, args.git, builds, Path(tmp)) for n in args.sizes}
    load_after = os.getloadavg()
    print(f"load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
          f"after: {', '.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} cores")
    print(table(results))


if __name__ == "__main__":
    main()
