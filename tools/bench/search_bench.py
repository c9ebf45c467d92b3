"""Benchmark: Chinese site search on one generated course, three ways (docs/search.md).

    python3 -m pip install -e ".[bench]"      # jieba and pagefind[extended], for (a) and (b)
    python3 tools/bench/search_bench.py [--lessons 100 1000] [--keep DIR]

Generates a course of N lessons in a temporary folder (the 35 shipped lessons of content/ in turn,
numbered titles, sections in a different order each round, and known sentences put into known
lessons: 工程师 (found by the fragment 程师), 满意度回访 (意度), 罗马帝国 beside lessons that say
only 罗马, only 帝国, or both apart, 联系电话), builds it with MkDocs + Material + our theme, and
searches it with

- (a) ``material``: Material's built-in search plugin with jieba installed (Material's way of
  segmenting Chinese; the zh separator already includes the zero-width space jieba inserts);
- (b) ``pagefind``: Pagefind (PyPI ``pagefind[extended]``, CJK segmentation) run on the same build;
- (c) ``academy``: our index (tools/academy/compile/search.py) and search.js, as in the real site.

Then drives headless Chromium (Debian's, tools/bench/sitebench.py: a static server with gzip and
``Cache-Control: max-age=600``) on a 390×844 phone screen and prints, never asserts:

- build time each engine adds to the plain build (CPU seconds, steadier than wall time when the
  machine is shared; Pagefind's CPU time is summed over its threads), and its index (files, bytes,
  gzip);
- bytes a cold lesson page downloads before search is opened (all, and search-related);
- search bytes on a cold page up to the first results of 退款, and the time from opening search;
- for each query, pages found / expected, and pages found that do not contain it (over-matching);
  expected = lessons whose Markdown text holds every word of the query;
- result quality for 退款: page title, section heading with an anchor that exists, a snippet with
  the word in it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).parent))
from sitebench import Traffic, chromium, kb, serve

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from academy.compile.search import SEARCH_DIR, build_search  # noqa: E402

ENGINES = ("material", "pagefind", "academy")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
SEARCH_PARTS = {
    "material": ("/search/search_index.json", "/workers/search", "/lunr/"),
    "pagefind": ("/pagefind/",),
    "academy": (f"/{SEARCH_DIR}/", "/assets/search/search.js"),
}
QUERIES = (
    ("退款", "a word in many lessons"),
    ("程师", "inside 工程师"),
    ("意度", "inside 满意度"),
    ("满意度", "a word"),
    ("罗马帝国", "not 罗马 or 帝国 alone"),
    ("联系电话", "not 联系 … 电话"),
    ("退款 物流", "two words, both"),
    ("满意度 回访", "two words, both"),
    ("SMART", "Latin letters"),
)
# Known sentences, each put into the lessons whose number i satisfies the test.
INSERTS = (
    (lambda i: i % 10 == 3, "上门检测",
     "大件商品出现故障时，可以为客户预约售后工程师上门检测；工程师到达前半小时会先打电话。"),
    (lambda i: i % 10 == 7, "满意度回访",
     "问题解决后的第二天做一次满意度回访，记下客户的评价和建议。"),
    (lambda i: i % 50 == 5, "图书订单",
     "客户订购的《罗马帝国衰亡史》精装版缺货，先致歉，再告诉客户补货时间。"),
    (lambda i: i % 50 == 15, "国际包裹", "客户想把包裹寄到罗马，询问国际运费和时效。"),
    (lambda i: i % 50 == 25, "主题拼图", "客户买的是帝国大厦主题拼图，收到后发现缺了两块。"),
    (lambda i: i % 50 == 35, "旅途中的订单",
     "客户在罗马旅行时下单。\n\n他收到的明信片印的是帝国大厦，不是他选的图案。"),
    (lambda i: i % 25 == 11, "核对信息", "发货前请核对收件人的联系电话和地址。"),
)


# -- the course ---------------------------------------------------------------------------------


def _lesson_sources() -> list[tuple[str, str, list[str]]]:
    """(title, intro, [sections]) of every shipped lesson; links become their text."""
    out = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        if path.name == "index.md":
            continue
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        title = re.search(r"^title:\s*(.+)$", front, re.M)[1].strip().strip("\"'")
        body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)
        intro, *sections = re.split(r"(?m)^(?=## )", body)
        out.append((title, intro.strip(), [s.strip() for s in sections]))
    return out


def plain(markdown: str) -> str:
    """The text a learner reads, near enough to tell which words a lesson holds."""
    text = re.sub(r"<[^>]+>|\{[^}]*\}|[*_`#>|]", "", markdown)
    return " ".join(text.split()).lower()


def write_course(docs: Path, n: int) -> dict[str, str]:
    """N lessons under docs/; returns lesson URL → its plain text."""
    sources = _lesson_sources()
    truth: dict[str, str] = {}
    (docs / "index.md").parent.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 检索基准课程\n\n本课程由脚本生成。\n", encoding="utf-8")
    for i in range(n):
        title, intro, sections = sources[i % len(sources)]
        shift = (i // len(sources)) % max(1, len(sections))
        sections = sections[shift:] + sections[:shift]
        extra = [f"## {head}\n\n{text}" for test, head, text in INSERTS if test(i)]
        body = "\n\n".join([intro, *sections, *extra])
        page = f"---\ntitle: 第 {i + 1} 课 {title}\n---\n\n# 第 {i + 1} 课 {title}\n\n{body}\n"
        rel = f"part-{i // 100:02d}/lesson-{i:04d}.md"
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        truth[rel[:-3] + "/"] = plain(page.split("---\n", 2)[2])
    return truth


def expected(truth: dict[str, str], query: str) -> set[str]:
    words = query.lower().split()
    return {url for url, text in truth.items() if all(w in text for w in words)}


def mkdocs_yml(site: Path, plugins: str) -> str:
    repo = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = repo[repo.index("markdown_extensions:"):]
    return f"""site_name: 客服学院（检索基准）
docs_dir: docs
site_dir: {site}
use_directory_urls: true
theme:
  name: material
  custom_dir: {ROOT / 'theme'}
  language: zh
  font: false
  features: [navigation.sections, navigation.indexes, navigation.prune]
plugins: {plugins}
{extensions}"""


# -- building -----------------------------------------------------------------------------------


@dataclass
class Engine:
    name: str
    site: Path
    build_added: float = 0.0  # wall seconds
    build_cpu: float = 0.0  # CPU seconds (user + sys): steadier on a shared machine
    index_files: int = 0
    index_bytes: int = 0
    index_gzip: int = 0
    notes: list[str] = field(default_factory=list)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _mkdocs(folder: Path, config: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one `mkdocs build`."""
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    cpu = _children_cpu()
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")],
                         cwd=folder, capture_output=True, text=True, env=env)
    if run.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return time.perf_counter() - started, _children_cpu() - cpu


def _size(files: list[Path]) -> tuple[int, int, int]:
    raw = gz = 0
    for f in files:
        data = f.read_bytes()
        raw += len(data)
        gz += min(len(data), len(gzip.compress(data, 6)))
    return len(files), raw, gz


def build_all(work: Path, n: int) -> tuple[dict[str, str], dict[str, Engine]]:
    truth = write_course(work / "docs", n)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for check in ("jieba", "pagefind_bin_extended"):
        if subprocess.run([sys.executable, "-c", f"import {check}"], env=env, capture_output=True).returncode:
            raise SystemExit(f"{check} is not installed: python3 -m pip install -e \".[bench]\"")
    plain_time, plain_cpu = _mkdocs(work, mkdocs_yml(work / "site-plain", "[]"), env)
    engines: dict[str, Engine] = {}

    material = Engine("material", work / "site-material")
    wall, cpu = _mkdocs(work, mkdocs_yml(material.site, "[search]"), env)
    material.build_added, material.build_cpu = wall - plain_time, cpu - plain_cpu
    material.index_files, material.index_bytes, material.index_gzip = _size(
        [material.site / "search" / "search_index.json"])
    engines["material"] = material

    pagefind = Engine("pagefind", work / "site-pagefind")
    shutil.copytree(work / "site-plain", pagefind.site)
    started, cpu = time.perf_counter(), _children_cpu()
    run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(pagefind.site), "--silent",
                          "--root-selector", "article.md-content__inner",
                          "--exclude-selectors", "a.headerlink"], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"pagefind failed:\n{run.stdout}\n{run.stderr}")
    pagefind.build_added, pagefind.build_cpu = time.perf_counter() - started, _children_cpu() - cpu
    ui = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")
    pagefind.index_files, pagefind.index_bytes, pagefind.index_gzip = _size(
        [p for p in (pagefind.site / "pagefind").rglob("*") if p.is_file() and not p.name.startswith(ui)])
    engines["pagefind"] = pagefind

    academy = Engine("academy", work / "site-plain")
    cpu = time.process_time()
    report = build_search(academy.site)
    academy.build_added, academy.build_cpu = report.seconds, time.process_time() - cpu
    academy.index_files, academy.index_bytes, academy.index_gzip = _size(
        [p for p in (academy.site / SEARCH_DIR).rglob("*") if p.is_file()])
    academy.notes.append(f"{report.pages} pages, {report.sections} sections, {report.keys:,} keys, "
                         f"{report.shards} shards")
    engines["academy"] = academy
    print(f"  plain build {plain_time:.1f} s, {plain_cpu:.1f} s CPU", file=sys.stderr)
    return truth, engines


# -- the browser --------------------------------------------------------------------------------

MATERIAL_ALL = """async (q) => {
  if (!window.__worker) {
    const cfg = JSON.parse(document.getElementById('__config').textContent);
    const base = new URL(cfg.base, location.href);
    const index = await (await fetch(new URL('search/search_index.json', base))).json();
    const worker = new Worker(new URL(cfg.search, location.href));
    await new Promise((ok) => {
      worker.onmessage = (e) => e.data.type === 1 && ok();
      worker.postMessage({ type: 0, data: { ...index, options: { suggest: false } } });
    });
    window.__worker = worker;
  }
  const items = await new Promise((ok) => {
    window.__worker.onmessage = (e) => e.data.type === 3 && ok(e.data.data.items);
    window.__worker.postMessage({ type: 2, data: q });
  });
  return items.map((group) => group.map((d) => ({ url: d.location, title: d.title, text: d.text })));
}"""

PAGEFIND_ALL = """async ([q, limit]) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const search = await pagefind.search(q);
  const shown = limit ? search.results.slice(0, limit) : search.results;
  const data = await Promise.all(shown.map((r) => r.data()));
  return { total: search.results.length, pages: data.map((d) => ({
    url: d.url, title: d.meta.title, excerpt: d.excerpt,
    sections: d.sub_results.map((s) => ({ url: s.url, title: s.title, excerpt: s.excerpt })),
  })) };
}"""

ACADEMY_ALL = """async (q) => {
  const { searchAll } = await import('/assets/search/search.js');
  const text = (parts) => parts.map(([t, m]) => (m ? `<mark>${t}</mark>` : t)).join('');
  return (await searchAll(new URL('/academy/search/', location.href), q)).map((hit) => ({
    url: hit.path, title: text(hit.title),
    sections: hit.sections.map((s) => ({ url: s.url, title: text(s.title), excerpt: text(s.snippet) })),
  }));
}"""


def _path(url: str) -> str:
    """A result URL as a lesson key: no origin, no leading slash, no anchor."""
    url = re.sub(r"^https?://[^/]+", "", url).split("#")[0].split("?")[0]
    return url.lstrip("/")


def found_pages(page, engine: str, query: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Every result page of `query`: [{url, title, sections: [{url, title, excerpt}]}]."""
    if engine == "material":
        groups = page.evaluate(MATERIAL_ALL, query)
        out = []
        for group in groups:
            head = next((d for d in group if "#" not in d["url"]), group[0])
            out.append({"url": head["url"], "title": head["title"], "excerpt": head["text"],
                        "sections": [{"url": d["url"], "title": d["title"], "excerpt": d["text"]}
                                     for d in group if "#" in d["url"]]})
        return out
    if engine == "pagefind":
        return page.evaluate(PAGEFIND_ALL, [query, 0])["pages"]
    return page.evaluate(ACADEMY_ALL, query)


def cold_page(browser, base: str, lesson: str, engine: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Bytes of a lesson page on a cold cache, before search is opened: all, and search-related."""
    context = browser.new_context(**PHONE)
    traffic = Traffic(context)
    page = context.new_page()
    page.goto(base + lesson)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    search = sum(traffic.total(part) for part in SEARCH_PARTS[engine])
    total = traffic.total()
    context.close()
    return total, search


def first_query(browser, base: str, lesson: str, engine: str, query: str) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """Search bytes on a cold page up to the first results of `query`, and ms from opening search
    (Material: waiting for its worker, then typing; the others: typing) to the first results."""
    context = browser.new_context(**PHONE)
    traffic = Traffic(context)
    page = context.new_page()
    page.goto(base + lesson)
    page.wait_for_load_state("networkidle")
    before = sum(traffic.total(part) for part in SEARCH_PARTS[engine])
    traffic.reset()
    if engine == "pagefind":  # no UI of ours: the API, loading what a first page of ten results shows
        started = time.perf_counter()
        page.evaluate(PAGEFIND_ALL, [query, 10])
    else:
        page.locator("label.md-header__button[for='__search']").tap()
        started = time.perf_counter()
        if engine == "material":  # Material drops a query typed before its worker is ready
            page.wait_for_function("document.querySelector('.md-search-result__meta').textContent"
                                   ".trim() !== '正在初始化搜索引擎'", timeout=60_000)
        page.locator(".md-search__input").fill(query)
        if engine == "material":  # it reads the field on keyup
            page.locator(".md-search__input").dispatch_event("keyup")
        if engine == "academy":
            page.locator(".md-search-result[data-state='done']").wait_for(timeout=60_000)
        else:
            page.locator(".md-search-result__list > li").first.wait_for(timeout=60_000)
    elapsed = (time.perf_counter() - started) * 1000
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)
    after = traffic.total()
    context.close()
    return before + after, elapsed


def quality(site: Path, hits: list[dict], word: str) -> str:
    """Title, section with an existing anchor, snippet with the word: of the first result."""
    if not hits:
        return "no result"
    top = hits[0]
    notes = ["title" if top.get("title") else "no title"]
    section = next((s for s in top["sections"] if "#" in s["url"]), None)
    if section is None:
        notes.append("no section")
    else:
        path, anchor = section["url"].split("#", 1)
        html_file = site / _path(path) / "index.html"
        target = html_file.read_text(encoding="utf-8") if html_file.is_file() else ""
        exists = f'id="{unquote(anchor)}"' in target
        notes.append("section#anchor" + ("" if exists else " (missing!)"))
        excerpt = re.sub(r"<[^>]+>", "", section.get("excerpt") or "")
        kind = "snippet" if len(excerpt) < 200 else f"whole section ({len(excerpt)} chars)"
        notes.append(kind + (" with word" if word in excerpt else " without the word"))
    return ", ".join(notes)


# -- the run ------------------------------------------------------------------------------------


def run(n: int, work: Path) -> None:
    print(f"\n## {n:,} lessons\n", flush=True)
    truth, engines = build_all(work, n)
    lesson = sorted(truth)[n // 2]
    recall: dict[tuple[str, str], str] = {}
    facts: dict[str, dict[str, str]] = {}
    with chromium() as browser:
        for name, engine in engines.items():
            with serve(engine.site) as base:
                total, search = cold_page(browser, base, lesson, name)
                runs = [first_query(browser, base, lesson, name, "退款") for _ in range(3)]
                query_bytes = runs[0][0]
                ms = statistics.median(r[1] for r in runs)
                context = browser.new_context(**PHONE)
                page = context.new_page()
                page.goto(base + lesson)
                for query, _ in QUERIES:
                    hits = found_pages(page, name, query)
                    got = {_path(h["url"]) for h in hits} - {""}
                    want = expected(truth, query)
                    extra = len(got - want)
                    recall[name, query] = f"{len(got & want)}/{len(want)}" + (f" +{extra}" if extra else "")
                    if query == "退款":
                        top = quality(engine.site, hits, "退款")
                context.close()
            facts[name] = {
                "build + CPU s (wall)": f"{engine.build_cpu:.1f} ({engine.build_added:.1f})",
                "index": f"{engine.index_files:,} files, {kb(engine.index_bytes)} "
                         f"({kb(engine.index_gzip)} gz)",
                "cold lesson page": f"{kb(total)}, search {kb(search)}",
                "search bytes to 1st results": kb(query_bytes),
                "ms to results (median of 3)": f"{ms:,.0f}",
                "退款: first result": top,
            }
            print(f"  {name} measured", file=sys.stderr, flush=True)
    columns = list(next(iter(facts.values())))
    print("| engine | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name in engines:
        print(f"| {name} | " + " | ".join(facts[name][c] for c in columns) + " |")
    print("\nPages found / expected, +pages found that do not contain the query:\n")
    print("| query | what | " + " | ".join(engines) + " |")
    print("|---" * (len(engines) + 2) + "|")
    for query, what in QUERIES:
        print(f"| {query} | {what} | " + " | ".join(recall[e, query] for e in engines) + " |")
    for engine in engines.values():
        for note in engine.notes:
            print(f"\n{engine.name}: {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lessons", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--keep", type=Path, help="build here and keep the sites (default: a temp dir)")
    args = parser.parse_args()
    for n in args.lessons:
        if args.keep:
            work = args.keep / f"lessons-{n}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            run(n, work)
        else:
            with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
                run(n, Path(tmp))


if __name__ == "__main__":
    main()
