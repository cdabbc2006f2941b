"""The local HTTP server: `build.py --serve`, and the tests and benchmarks that load the site."""
from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from sitebuild.paths import OUT


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the right MIME types, pre-gzipped bodies and revalidation."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript",
                      ".mjs": "text/javascript", ".json": "application/json",
                      ".whl": "application/zip", ".webmanifest": "application/manifest+json",
                      ".svg": "image/svg+xml"}

    def translate_path(self, path):
        # under a sub-path (GitHub Pages serves a project at /<repository>/): nothing outside it
        prefix = self.server.prefix
        if not path.startswith(prefix):
            return str(Path(self.directory) / "not-under-the-sub-path" / "404")
        return super().translate_path("/" + path[len(prefix):])

    def send_head(self):
        self.server.served.append(self.path)
        path = Path(self.translate_path(self.path))
        gz = path.with_name(path.name + ".gz")
        if path.is_file() and gz.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            self._gzip = gz
        else:
            self._gzip = None
        return super().send_head()

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")  # revalidate: 304 when unchanged
        super().end_headers()

    def copyfile(self, source, outputfile):
        if getattr(self, "_gzip", None):
            data = self._gzip.read_bytes()
            outputfile.write(data)
            self.server.bytes_sent += len(data)
        else:
            start = source.tell()
            super().copyfile(source, outputfile)
            self.server.bytes_sent += source.tell() - start

    def send_header(self, keyword, value):
        if getattr(self, "_gzip", None) and keyword == "Content-Length":
            value = str(self._gzip.stat().st_size)
            super().send_header("Content-Encoding", "gzip")
            super().send_header("Vary", "Accept-Encoding")
        super().send_header(keyword, value)

    def log_message(self, format, *args):
        if not self.server.quiet:
            super().log_message(format, *args)


class SiteServer(http.server.ThreadingHTTPServer):
    # a page opens many connections at once (HTTP/1.0: one per file); socketserver's default
    # backlog of 5 makes a burst wait on SYN retries on a busy machine
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # a browser that leaves (a test's page closed mid-download) is not an error of the site
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def make_server(site: Path, port: int, quiet: bool = False, prefix: str = "/") -> http.server.ThreadingHTTPServer:
    """An HTTP server for the site on 127.0.0.1 (port 0 picks a free one), at `prefix` ("/backprop-lab/")."""
    handler = functools.partial(SiteHandler, directory=str(site))
    server = SiteServer(("127.0.0.1", port), handler)
    server.served = []  # request paths, for tests and benchmarks
    server.bytes_sent = 0  # response bodies, as sent (gzipped where it was)
    server.quiet = quiet
    server.prefix = prefix
    return server


def serve_in_background(site: Path = OUT, prefix: str = "/") -> tuple[http.server.ThreadingHTTPServer, str]:
    """The site served from a daemon thread on a free 127.0.0.1 port (tests and benchmarks): (server, url)."""
    server = make_server(site, 0, quiet=True, prefix=prefix)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def serve(site: Path, port: int) -> None:
    server = make_server(site, port)
    print(f"Serving {site} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
