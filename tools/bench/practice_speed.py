"""Benchmark: reply grading in the browser (the practice desk on self-hosted Pyodide).

    python3 tools/bench/practice_speed.py [--site DIR] [--runs 3] [--no-gzip]

Builds the site (or takes DIR), serves it on 127.0.0.1 like a static host (gzip, max-age=600;
sitebench.py) and drives headless Chromium. Prints, not asserts:

- time and bytes from opening practice/ to the first graded reply: cold (new browser profile,
  empty cache) and warm (the same profile, page opened again); the reply is typed and submitted
  as soon as the desk appears, so the time includes waiting for the engine;
- grading latency once loaded (page → worker → Python → page), median and 95th percentile;
- bytes of a lesson page without reply questions, and whether it fetched anything of the engine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sitebench import Traffic, chromium, kb, serve

ROOT = Path(__file__).resolve().parents[2]
REPLY = "您好，您必须先提供订单号，我大概明天给您回复。"
ENGINE_PARTS = ("/assets/pyodide/", "/academy/engine.json", ".whl", "/academy/wording.json",
                "engine-worker.js")


def build(out: Path) -> Path:
    run = subprocess.run([sys.executable, "-m", "academy.cli", "build", "--site-dir", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"academy build failed:\n{run.stdout}\n{run.stderr}")
    return out


def first_graded_reply(context, base: str, manual: str) -> float:  # type: ignore[no-untyped-def]
    """Seconds from navigation to the first graded reply on the practice desk."""
    page = context.new_page()
    started = time.perf_counter()
    page.goto(f"{base}practice/#{manual}")
    page.get_by_role("button", name="抽一张场景卡").click(timeout=60_000)
    page.get_by_role("textbox", name="您的回复").fill(REPLY)
    page.get_by_role("button", name="提交回复").click()
    page.locator(".academy-reply-result").wait_for(timeout=120_000)
    graded = time.perf_counter() - started
    page.close()
    return graded


def grading_latency(context, base: str, n: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{base}practice/")
    page.locator(".academy-engine-note", has_text="评分引擎已就绪").wait_for(timeout=120_000)
    data = page.evaluate("""async ([text, n, base]) => {
      const { loadEngine } = await import(base + 'assets/academy/engine.js');
      const engine = await loadEngine();
      const round = [], python = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const r = await engine.grade(text + i, { require: [['您好'], ['抱歉', '久等']], max_chars: 80 });
        round.push(performance.now() - t0);
        python.push(r.ms);
      }
      return { round, python };
    }""", [REPLY, n, base])
    page.close()
    return data["round"], data["python"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build(Path(tmp) / "site")
        course = json.loads((site / "academy/course.json").read_text(encoding="utf-8"))
        manual = next(m["id"] for m in course["manuals"] if m["practice"])
        banks = {b["id"]: b for b in course["banks"]}
        free_text = {b for b, x in banks.items()
                     if any(q["type"] in ("reply", "scenario") for q in x["questions"])}
        # a lesson whose quiz has no reply or dialogue; else the first lesson without its quiz
        plain = next((x["url"] for x in course["lessons"] if x["bank"] not in free_text), None)
        first = course["lessons"][0]
        stripped = None
        if plain is None:  # on a linked copy of the site: the built site is left alone
            html = (site / first["url"] / "index.html").read_text(encoding="utf-8")
            stripped = re.sub(r'<section class="academy-quiz".*?</section>', "", html, flags=re.S)
            plain = re.sub(r"[^/]+/$", "bench-lesson-without-quiz/", first["url"])
            site = Path(shutil.copytree(site, Path(tmp) / "copy", copy_function=os.link))
            (site / plain).mkdir()
            (site / plain / "index.html").write_text(stripped, encoding="utf-8")
        pages = {"lesson without replies": plain}
        if first["bank"] in free_text:
            pages["lesson whose quiz has replies, not touched"] = first["url"]
        with serve(site, gzip_on=not args.no_gzip) as base, chromium() as browser:
            cold, warm, cold_bytes, warm_bytes = [], [], [], []
            for _ in range(args.runs):
                context = browser.new_context()
                traffic = Traffic(context)
                cold.append(first_graded_reply(context, base, manual))
                cold_bytes.append(traffic.total())
                engine_cold = sum(n for url, n, _ in traffic.items if any(p in url for p in ENGINE_PARTS))
                traffic.reset()
                warm.append(first_graded_reply(context, base, manual))
                warm_bytes.append(traffic.total())
                context.close()
            context = browser.new_context()
            rounds, python = grading_latency(context, base, 50)
            context.close()

            lessons = {}
            for label, url in pages.items():
                context = browser.new_context()
                traffic = Traffic(context)
                page = context.new_page()
                page.goto(base + url)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                hits = [u for u, _, _ in traffic.items if any(p in u for p in ENGINE_PARTS)]
                lessons[label] = (url, traffic.total(), hits)
                context.close()

    q = statistics.quantiles
    print(f"served from 127.0.0.1 {'with gzip' if not args.no_gzip else 'uncompressed'}, "
          f"Cache-Control max-age=600; headless Chromium; {args.runs} runs, medians")
    print(f"practice desk, first graded reply, cold cache: {statistics.median(cold):.2f} s, "
          f"{kb(statistics.median(cold_bytes))} (of which the engine {kb(engine_cold)})  "
          f"runs: {', '.join(f'{t:.2f}' for t in cold)}")
    print(f"practice desk, first graded reply, warm cache: {statistics.median(warm):.2f} s, "
          f"{kb(statistics.median(warm_bytes))}  runs: {', '.join(f'{t:.2f}' for t in warm)}")
    print(f"grading latency once loaded ({len(rounds)} replies): median {statistics.median(rounds):.1f} ms, "
          f"p95 {q(rounds, n=20)[-1]:.1f} ms "
          f"(Python check() alone: median {statistics.median(python):.2f} ms)")
    for label, (url, size, hits) in lessons.items():
        made = " (made from a built lesson, quiz removed)" if stripped is not None and url == plain else ""
        print(f"{label} ({url}{made}): {kb(size)}, engine requests: {len(hits)}"
              f"{' ' + str(hits) if hits else ''}")


if __name__ == "__main__":
    main()
