"""Benchmark: time from page load to the header showing points and streak, with a store of
1,000 recorded answers, in headless Chromium on 127.0.0.1; and the gzip bytes the gamification
code adds to pages.

    python3 tools/bench/header_time.py [--runs 15] [--answers 1000] [--site DIR]

It builds the shipped course (or uses --site), serves it on a free port of 127.0.0.1, puts a
progress document with N answers (and the events, days and 错题本 entries such a learner has)
into localStorage before the page's scripts run, and reads performance.now() (milliseconds
since the navigation started) when the header first shows the points and the streak. It prints
the median and the spread; it asserts nothing. Chromium: /usr/bin/chromium or $ACADEMY_CHROMIUM.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ACADEMY_CHROMIUM", "/usr/bin/chromium")
ASSETS = "assets/academy"
ALWAYS = ["header.js", "rules.js"]  # imported by academy.js on every page
LAZY = {  # loaded with import() only where needed
    "after a change (lesson marked, quiz submitted)": ["game.js"],
    "我的成长档案 dashboard/": ["game.js", "dashboard.js"],
    "徽章墙 badges/": ["game.js", "badges.js"],
    "错题本 review/": ["game.js", "review.js"],
    "结业证书 certificate/": ["game.js", "certificate.js"],
}

# Records, in the page, when the header first shows points and streak.
PROBE = """
(() => {
  const seen = () => {
    const p = document.querySelector('.academy-status-points');
    const s = document.querySelector('.academy-status-streak');
    if (p && s && p.textContent && s.textContent) {
      window.__headerShown = performance.now();
      return true;
    }
    return false;
  };
  new MutationObserver((_, obs) => { if (seen()) obs.disconnect(); })
    .observe(document, { childList: true, subtree: true, characterData: true });
})();
"""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def progress(site: Path, answers: int, today: date) -> dict:
    """A learner's document with `answers` recorded answers spread over the last year."""
    course = json.loads((site / "academy/course.json").read_text(encoding="utf-8"))
    rng = random.Random(7)
    questions, reviews, events, days = {}, {}, [], {}
    for n in range(answers):
        day = today - timedelta(days=rng.randrange(365))
        at = f"{day.isoformat()}T09:00:00.000Z"
        bank = rng.choice(course["banks"])
        key = f"{bank['id']}/{bank['questions'][n % len(bank['questions'])]['id']}-{n}"
        correct = rng.random() < 0.7
        questions[key] = {"answer": "A", "correct": correct, "at": at}
        d = days.setdefault(day.isoformat(), {"answers": 0, "seconds": 0})
        d["answers"] += 1
        d["seconds"] += 20
        if correct:
            events.append({"key": f"q:{key}", "what": "question", "points": 2, "at": at, "ref": key})
        else:
            due = day + timedelta(days=1)
            reviews[key] = {"box": 1, "due": due.isoformat(), "misses": 1, "right": 0, "at": at}
    for day in sorted(d for d, x in days.items() if x["answers"] >= 3):
        events.append({"key": f"goal:{day}", "what": "daily_goal", "points": 5,
                       "at": f"{day}T12:00:00.000Z", "ref": day})
    return {"version": 2, "site_id": course["site_id"], "questions": questions, "banks": {},
            "lessons": {}, "practice": {}, "events": events, "days": days, "reviews": reviews,
            "level": {"id": "executor", "at": f"{today.isoformat()}T00:00:00.000Z"}}


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # the browser closing a connection early

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


COST = """async () => {
  const entry = document.querySelector('script[src*="assets/academy/academy.js"]').src;
  const { headerState } = await import(new URL('header.js', entry).href);
  const { localDay } = await import(new URL('rules.js', entry).href);
  const cfg = JSON.parse(document.getElementById('academy-game').textContent);
  const key = 'academy:' + document.querySelector('meta[name=academy-site]').content;
  const times = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    headerState(JSON.parse(localStorage.getItem(key) || '{}'), cfg, localDay(new Date()));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[25];
}"""


def measure(base: str, url: str, doc: dict | None, runs: int) -> list[tuple[float, float, float]]:
    """Per load: (header shown, HTML parsed (domInteractive), one header computation), in ms."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base)
            if doc is not None:
                ctx.add_init_script(
                    f"localStorage.setItem({json.dumps('academy:' + doc['site_id'])}, "
                    f"{json.dumps(json.dumps(doc))});")
            ctx.add_init_script(PROBE)
            page = ctx.new_page()
            page.goto(url)
            page.wait_for_function("window.__headerShown !== undefined", timeout=10_000)
            shown = page.evaluate("window.__headerShown")
            ready = page.evaluate("performance.getEntriesByType('navigation')[0].domInteractive")
            times.append((shown, ready, page.evaluate(COST)))
            ctx.close()
        browser.close()
    return times


def css_block(css: str) -> str:
    start = css.index("/* Game (docs/game.md)")
    end = css.index("/* end of game */") + len("/* end of game */")
    return css[start:end]


def sizes(site: Path, page: Path) -> None:
    assets = site / ASSETS
    css = (assets / "academy.css").read_text(encoding="utf-8")
    block = css_block(css)
    css_added = gz(css.encode()) - gz(css.replace(block, "").encode())
    html = page.read_text(encoding="utf-8")
    start = html.index('<script type="application/json" id="academy-game">')
    header_json = html[start: html.index("</script>", start) + len("</script>")]
    always = {name: gz((assets / name).read_bytes()) for name in ALWAYS}
    print("gzip bytes the gamification code adds (level 9):")
    print(f"  every page: {sum(always.values()) + css_added + gz(header_json.encode()):,d} B = "
          + " + ".join(f"{k} {v:,d}" for k, v in always.items())
          + f" + CSS {css_added:,d} (share of academy.css) + header data {gz(header_json.encode()):,d}")
    for where, names in LAZY.items():
        total = sum(gz((assets / n).read_bytes()) for n in names)
        print(f"  {where}: +{total:,d} B ({', '.join(names)})")
    grade = gz((assets / "grade.js").read_bytes())
    print(f"  (game.js imports grade.js, {grade:,d} B, which pages with a quiz load anyway)")
    svgs = sorted((assets / "badges").glob("*.svg"))
    print(f"  badge art: {len(svgs)} SVGs, {sum(gz(p.read_bytes()) for p in svgs):,d} B in all, "
          f"{max(gz(p.read_bytes()) for p in svgs):,d} B the largest (fetched only where shown)")
    course = (site / "academy/course.json").read_bytes()
    game = json.dumps(json.loads(course)["game"], ensure_ascii=False, separators=(",", ":")).encode()
    print(f"  course.json `game` key: {gz(game):,d} B (course.json is fetched on game pages only)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--site", type=Path, help="an already built site (default: build the course)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM}; set ACADEMY_CHROMIUM")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            subprocess.run([sys.executable, "-m", "academy.cli", "build", "--site-dir", str(site)],
                           cwd=REPO, check=True, capture_output=True)
        course = json.loads((site / "academy/course.json").read_text(encoding="utf-8"))
        url = course["lessons"][0]["url"]
        sizes(site, site / url / "index.html")
        doc = progress(site, args.answers, date.today())
        print(f"store: {args.answers} answers, {len(doc['events'])} events, {len(doc['days'])} days, "
              f"{len(doc['reviews'])} 错题本 entries; {len(json.dumps(doc)):,d} characters in localStorage")
        server, base = serve(site)
        try:
            for label, d in ((f"{args.answers} answers", doc), ("empty store", None)):
                runs = measure(base, url, d, args.runs)
                shown = [r[0] for r in runs]
                q = statistics.quantiles(shown, n=10)
                print(f"header shows points and streak ({label}, {url}, {args.runs} loads): "
                      f"median {statistics.median(shown):.0f} ms after navigation start "
                      f"(p10 {q[0]:.0f}, p90 {q[-1]:.0f}); "
                      f"{statistics.median(r[0] - r[1] for r in runs):.0f} ms after the HTML was parsed; "
                      f"reading the store and working out the header: "
                      f"{statistics.median(r[2] for r in runs):.2f} ms")
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
