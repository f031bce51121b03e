"""A local HTTP server that records every request: proof that nothing was fetched."""

from __future__ import annotations

import http.server
import threading


class Sentinel:
    """Serve on 127.0.0.1 in a thread; ``requests`` lists every path asked for."""

    def __init__(self):
        self.requests: list[str] = []
        sentinel = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self):
                sentinel.requests.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.end_headers()
                self.wfile.write(b'{"@context": {}}')

            do_GET = do_POST = do_HEAD = _record

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
