"""Helpers of the browser benchmarks: a static server like a typical host, and headless Chromium.

The server sends ``Cache-Control: max-age=600`` (as GitHub Pages does) and, when asked, gzips
text and WebAssembly responses on the fly (as nginx ``gzip on`` or most static hosts do); zips and
wheels go as they are. Chromium is Debian's (/usr/bin/chromium or $ACADEMY_CHROMIUM), driven by
Playwright; nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

CHROMIUM = os.environ.get("ACADEMY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt", ".map")


class _Handler(http.server.SimpleHTTPRequestHandler):
    gzip_on = True
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
                      ".whl": "application/zip"}
    _cache: ClassVar[dict[tuple[str, float], bytes]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip_on and wants and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        key = (str(path), path.stat().st_mtime)
        body = self._cache.get(key)
        if body is None:
            body = self._cache[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path, gzip_on: bool = True) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port); yields the base URL."""
    handler = type("Handler", (_Handler,), {"gzip_on": gzip_on})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set ACADEMY_CHROMIUM)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Traffic:
    """Counts the bytes a page downloads (bodies as sent, plus headers), per URL."""

    def __init__(self, context: object) -> None:
        self.items: list[tuple[str, int, bool]] = []  # url, bytes, from cache
        context.on("requestfinished", self._done)  # type: ignore[attr-defined]

    def _done(self, request) -> None:  # type: ignore[no-untyped-def]
        try:
            response = request.response()
            sizes = request.sizes()
        except Exception:  # the page went away
            return
        cached = bool(response and response.from_service_worker) or (
            sizes["responseBodySize"] <= 0 and sizes["responseHeadersSize"] <= 0)
        size = max(0, sizes["responseBodySize"]) + max(0, sizes["responseHeadersSize"])
        self.items.append((request.url, size, cached))

    def reset(self) -> None:
        self.items.clear()

    def total(self, contains: str = "") -> int:
        return sum(n for url, n, _ in self.items if contains in url)

    def count(self, contains: str = "") -> int:
        return sum(1 for url, n, _ in self.items if contains in url and n > 0)


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"
