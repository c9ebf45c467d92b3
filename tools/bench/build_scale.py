"""Benchmark: the build at scale, ours beside plain Material on the same pages, in one run.

    python3 tools/bench/build_scale.py [--sizes 100 1000 3000] [--runs 3] [--no-git]
    python3 tools/bench/build_scale.py --profile 1000      # cProfile of our build, top functions

For each size N it generates a course of N lessons and N quiz banks (tools/bench/corpus.py),
commits it to a fresh git repository (the real site lives in git: the build reads commit dates)
and builds it two ways, alternating, ``--runs`` times each:

- **ours**: ``academy build`` with a mkdocs.yml like the repo's (the repo's own file: theme
  ``custom_dir``, ``font: false``, ``navigation.prune``, the markdown extensions, the academy
  plugin, no Material search). That is everything the real site does: load and check the
  course, the generated pages (one per bank, indexes, game pages), quiz widgets on lessons,
  course.json, the self-hosted search index (docs/search.md) and the service worker.
  The reply-grading engine (Pyodide from npm) is installed only when npm is present and costs
  the same at every size; ``--no-engine`` hides npm from the build.
- **plain**: ``mkdocs build`` of the same Markdown lessons with the same mkdocs.yml minus the
  academy plugin and ``custom_dir``, with Material's default ``search`` plugin and without the
  quiz banks and the course's YAML (what a team would get without us).

Columns: wall time (median of the runs, seconds), ours/plain ratio, output size (MB, apparent
bytes as ``du -sb`` counts them), HTML size of a lesson page (mean and max, KB: flat in N when
the page does not embed the course), the largest HTML page of the site, and peak RSS of the
build process (MB, ``ru_maxrss`` of the child from ``wait4``: the same figure as
``resource.getrusage(RUSAGE_CHILDREN)`` for one child). Print also the load average: the
machine is shared, medians of alternating runs are what to compare.
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


def _replace_once(text: str, pattern: str, repl: str) -> str:
    new, count = re.subn(pattern, repl, text, count=1, flags=re.MULTILINE)
    if count != 1:
        raise SystemExit(f"build_scale: mkdocs.yml has no line matching {pattern!r}")
    return new


def mkdocs_yml(ours: bool) -> str:
    """The repo's mkdocs.yml for the generated course; ``ours=False``: plain Material."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = _replace_once(text, r"^site_name:.*$", "site_name: Bench")
    custom_dir = f"  custom_dir: {REPO / 'theme'}" if ours else ""
    text = _replace_once(text, r"^  custom_dir:.*$\n", custom_dir + ("\n" if ours else ""))
    plugins = "plugins:\n  - academy\n" if ours else (
        "plugins:\n  - search\nexclude_docs: |\n" + "".join(f"  {n}\n" for n in COURSE_YAML))
    # the plugins block runs to the next top-level key
    return _replace_once(text, r"^plugins:\n(?:(?:[ #].*)?\n)*", plugins + "\n")


def make_course(root: Path, n: int, git: bool) -> None:
    generate(root, n, n)
    (root / "mkdocs.yml").write_text(mkdocs_yml(ours=True), encoding="utf-8")
    (root / "mkdocs-plain.yml").write_text(mkdocs_yml(ours=False), encoding="utf-8")
    if git:
        env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@invalid",
               "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@invalid"}
        for args in (["init", "-q"], ["add", "content", "quizzes", "mkdocs.yml"],
                     ["commit", "-q", "-m", "course"]):
            subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def _env(engine: bool) -> dict[str, str]:
    env = dict(os.environ)
    if not engine:  # no npm on PATH: the build skips the Pyodide install and says so
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                      if not (Path(p) / "npm").exists())
    return env


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one build process."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
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


def bench_size(n: int, runs: int, git: bool, engine: bool, work: Path) -> dict[str, Runs]:
    root = work / f"course-{n}"
    print(f"[{n}] generating {n} lessons and {n} banks ...", file=sys.stderr, flush=True)
    make_course(root, n, git)
    lessons = sorted(p.relative_to(root / "content").as_posix()
                     for p in (root / "content").rglob("lesson-*.md"))
    env = _env(engine)
    commands = {
        "ours": [sys.executable, "-m", "academy.cli", "build", "--site-dir", str(root / "site-ours")],
        "plain": [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-plain.yml",
                  "--site-dir", str(root / "site-plain")],
    }
    result = {name: Runs() for name in commands}
    for i in range(runs):
        order = list(commands) if i % 2 == 0 else list(reversed(commands))
        for name in order:
            seconds, cpu, rss = timed(commands[name], root, env)
            result[name].times.append(seconds)
            result[name].cpu.append(cpu)
            result[name].rss_mb.append(rss)
            print(f"[{n}] run {i + 1} {name}: {seconds:.2f} s, {cpu:.2f} s CPU, {rss:.0f} MB RSS "
                  f"(load {os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)
    for name in commands:
        measure_site(root / f"site-{name}", lessons, result[name])
    shutil.rmtree(root)
    return result


def table(results: dict[int, dict[str, Runs]]) -> str:
    head = ("| lessons + banks | build | wall s, median (runs) | CPU s, median | ours/plain wall, CPU "
            "| output MB | lesson page KB mean / max | largest page KB | peak RSS MB |")
    lines = [head, "|---|---|---|---|---|---|---|---|---|"]
    for n, by in results.items():
        plain = by["plain"]
        for name, r in by.items():
            cpu = statistics.median(r.cpu)
            ratio = (f"{r.median / plain.median:.2f}×, {cpu / statistics.median(plain.cpu):.2f}×"
                     if name == "ours" else "")
            lines.append(
                f"| {n:,} | {name} | {r.median:.2f} ({', '.join(f'{t:.1f}' for t in r.times)}) "
                f"| {cpu:.2f} | {ratio} | {r.size_mb:.1f} "
                f"| {r.lesson_kb_mean:.1f} / {r.lesson_kb_max:.1f} "
                f"| {r.largest[1]:.0f} (`{r.largest[0]}`) | {max(r.rss_mb):.0f} |")
    return "\n".join(lines)


def profile(n: int, git: bool, engine: bool, work: Path, top: int) -> None:
    """Our build at ``n`` in this process under cProfile."""
    from academy.cli import main as academy

    root = work / f"course-{n}"
    make_course(root, n, git)
    os.environ.update(_env(engine))
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
    parser.add_argument("--no-engine", dest="engine", action="store_false",
                        help="hide npm from the builds (no Pyodide install)")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="profile our build of N lessons instead of the table")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="build-scale-") as tmp:
        if args.profile:
            profile(args.profile, args.git, args.engine, Path(tmp), args.top)
            return
        load_before = os.getloadavg()
        results = {n: bench_size(n, args.runs, args.git, args.engine, Path(tmp))
                   for n in args.sizes}
    load_after = os.getloadavg()
    print(f"load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
          f"after: {', '.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} cores")
    print(table(results))


if __name__ == "__main__":
    main()
