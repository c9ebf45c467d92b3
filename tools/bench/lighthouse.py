"""Lighthouse (mobile) on the built site: a lesson, a quiz page, the dashboard and a manual page.

    python3 tools/bench/lighthouse.py [--site DIR] [--runs 3] [--json OUT] [--details]
                                      [--reports DIR] [--only KIND,...] [--no-gzip]
    python3 tools/bench/lighthouse.py --lessons 100 1000 [--runs 3]

Builds the site (or takes DIR), serves it on 127.0.0.1 like a static host (gzip, max-age=600;
sitebench.py) and runs Lighthouse from tools/browser/ (npm ci --prefix tools/browser) on
Debian's Chromium (/usr/bin/chromium or $ACADEMY_CHROMIUM; nothing is downloaded) with its
default mobile settings: a moto g power screen, simulated slow 4G (150 ms RTT, 1.6 Mbit/s) and
a 4× CPU slowdown. Prints, per page, the performance / accessibility / best-practices / SEO scores,
FCP, LCP, TBT, CLS, the bytes transferred and the requests; with --runs N the run with the median
performance score is kept. --details lists every audit that lost points.

--lessons N ...: for each N, a generated course of N lessons and N banks (build_scale.py's, the
repo's mkdocs.yml) built twice, ours and plain Material on the same lessons, measured in the same
run: our lesson, quiz page and dashboard beside plain Material's lesson page.

Lighthouse's scores move with the machine's load (the CPU slowdown is applied on top of it):
compare runs made together, look at the benchmark index printed (Lighthouse's own measure of
this machine's speed; higher is faster). Targets (issue 5): performance ≥ 95, accessibility 100,
best practices ≥ 95, on our pages; the exit status is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from sitebench import CHROMIUM, CHROMIUM_ARGS, kb, serve

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "tools" / "browser" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95}
METRICS = {"fcp": "first-contentful-paint", "lcp": "largest-contentful-paint",
           "tbt": "total-blocking-time", "cls": "cumulative-layout-shift"}


def build(out: Path, cwd: Path = ROOT) -> Path:
    run = subprocess.run([sys.executable, "-m", "academy.cli", "build", "--site-dir", str(out)],
                         cwd=cwd, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"academy build failed:\n{run.stdout}\n{run.stderr}")
    return out


def pages(site: Path) -> dict[str, str]:
    """The page of each kind to measure, as site-relative URLs (from course.json)."""
    course = json.loads((site / "academy" / "course.json").read_text(encoding="utf-8"))
    lesson = next((x for x in course["lessons"] if x.get("bank")), course["lessons"][0])
    found = {"lesson": lesson["url"], "dashboard": "dashboard/"}
    # a quiz page is the page of a bank no lesson shows (an exam); a lesson's bank is in the lesson
    own = next((b["url"] for b in course["banks"] if "#" not in b["url"]), None)
    if own:
        found["quiz"] = own
    if course.get("manuals"):
        found["manual"] = course["manuals"][0]["url"]
    return found


def generated(n: int, work: Path) -> list[tuple[str, Path, dict[str, str], bool]]:
    """A course of n lessons and n banks built ours and plain; [(label, site, pages, ours)]."""
    from build_scale import make_course

    root = work / f"course-{n}"
    print(f"[{n}] generating and building ours and plain Material ...", file=sys.stderr, flush=True)
    make_course(root, n, git=False)
    ours = build(root / "site-ours", cwd=root)
    plain = root / "site-plain"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-plain.yml",
                          "--site-dir", str(plain)], cwd=root, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"plain Material build failed:\n{run.stdout}\n{run.stderr}")
    mine = pages(ours)
    return [(f"{n} ours", ours, mine, True), (f"{n} plain", plain, {"lesson": mine["lesson"]}, False)]


def lighthouse(url: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run (default config: mobile); the JSON report."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    out.unlink(missing_ok=True)
    cmd = ["node", str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           f"--only-categories={','.join(CATEGORIES)}", "--no-enable-error-reporting",
           f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if run.returncode != 0 or not out.exists():
        raise SystemExit(f"lighthouse failed on {url}:\n{run.stdout}\n{run.stderr}")
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict[str, Any]) -> dict[str, Any]:
    audits = report["audits"]
    scores = {k: round(report["categories"][k]["score"] * 100) for k in CATEGORIES}
    metrics = {k: audits[v]["numericValue"] for k, v in METRICS.items()}
    return {**scores, **metrics, "bytes": audits["total-byte-weight"]["numericValue"],
            "requests": len(audits["network-requests"]["details"]["items"]),
            "benchmark": report["environment"]["benchmarkIndex"]}


def lost_points(report: dict[str, Any]) -> list[str]:
    """Audits that count towards a category score and did not get full marks."""
    lines = []
    for key in CATEGORIES:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) <= 0 or audit["score"] is None or audit["score"] >= 1:
                continue
            shown = audit.get("displayValue") or ""
            lines.append(f"  {key}: {ref['id']} ({audit['score']:.2f}) {shown}")
            for item in (audit.get("details") or {}).get("items", [])[:8]:
                node = item.get("node") or {}
                where = node.get("selector") or item.get("url") or ""
                if where:
                    lines.append(f"      {where}")
    return lines


def measure(site: Path, chosen: dict[str, str], args: argparse.Namespace, folder: Path,
            label: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Lighthouse on each chosen page of a site; (figures by kind, the last report kept)."""
    results: dict[str, Any] = {}
    report: dict[str, Any] = {}
    with serve(site, gzip_on=not args.no_gzip) as base:
        for kind, path in chosen.items():
            runs = []
            for n in range(args.runs):
                name = f"{label}-{kind}-{n}.json".replace(" ", "-")
                report = lighthouse(base + path, folder / name)
                runs.append((summary(report), report))
            runs.sort(key=lambda r: r[0]["performance"])
            figures, kept = runs[len(runs) // 2]
            results[kind] = {"url": path, **figures, "performance_runs": [r[0]["performance"] for r in runs]}
            if args.details:
                print(f"{label} {kind} ({path}):", *lost_points(kept) or ["  nothing lost"], sep="\n")
    return results, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--lessons", type=int, nargs="+", metavar="N",
                        help="generated courses of N lessons, ours beside plain Material")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is kept")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--details", action="store_true", help="list the audits that lost points")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports in this folder")
    parser.add_argument("--only", help="comma-separated page kinds (lesson,quiz,dashboard,manual)")
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: npm ci --prefix tools/browser")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set ACADEMY_CHROMIUM)")
    if shutil.which("node") is None:
        raise SystemExit("node is not installed (apt-get install nodejs)")

    results: dict[str, dict[str, Any]] = {}
    ours: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.reports or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if args.lessons:
            sites = [s for n in args.lessons for s in generated(n, Path(tmp))]
        else:
            site = args.site or build(Path(tmp) / "site")
            sites = [("site", site, pages(site), True)]
        for label, site, chosen, mine in sites:
            chosen = {k: v for k, v in chosen.items() if not args.only or k in args.only.split(",")}
            results[label], report = measure(site, chosen, args, folder, label)
            if mine:
                ours.add(label)
    settings = report["configSettings"]
    cpu = settings["throttling"]["cpuSlowdownMultiplier"]
    benchmarks = [r["benchmark"] for site in results.values() for r in site.values()]

    print(f"Lighthouse {report['lighthouseVersion']}, {settings['formFactor']}, "
          f"{settings['throttlingMethod']} throttling (CPU ×{cpu}), "
          f"{'uncompressed' if args.no_gzip else 'gzip'}, median of {args.runs} run(s); "
          f"benchmark index {min(benchmarks):.0f}–{max(benchmarks):.0f}")
    print(f"{'site':<10} {'page':<10} {'perf':>4} {'a11y':>4} {'best':>4} {'seo':>4} "
          f"{'FCP':>7} {'LCP':>7} {'TBT':>7} {'CLS':>6} {'bytes':>9} {'req':>4}")
    missed = []
    for label, site_results in results.items():
        for kind, r in site_results.items():
            print(f"{label:<10} {kind:<10} {r['performance']:>4} {r['accessibility']:>4} "
                  f"{r['best-practices']:>4} {r['seo']:>4} {r['fcp'] / 1000:>6.2f}s {r['lcp'] / 1000:>6.2f}s "
                  f"{r['tbt']:>5.0f}ms {r['cls']:>6.3f} {kb(r['bytes']):>9} {r['requests']:>4}")
            if label in ours:
                missed += [f"{label} {kind} {k} {r[k]} < {v}" for k, v in TARGETS.items() if r[k] < v]
    print("targets (our pages): performance ≥ 95, accessibility 100, best practices ≥ 95:",
          "met" if not missed else "missed (" + "; ".join(missed) + ")")
    if args.json:
        args.json.write_text(json.dumps({
            "lighthouse": report["lighthouseVersion"], "gzip": not args.no_gzip, "runs": args.runs,
            "benchmark_index_median": statistics.median(benchmarks), "sites": results,
        }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
