"""A logging reverse proxy for diagnosing interop failures (not used by the tests themselves).

    python tests/interop/capture_proxy.py --listen 18600 --target http://127.0.0.1:PORT [--max 2000]

Point the connector at the proxy's port. Every exchange is printed: method, path, the request
body (gzip inflated) and the response status and body (gzip inflated, truncated to --max chars).
Chunk URLs inside responses still name the emulator, so chunk downloads bypass the proxy.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_print_lock = threading.Lock()


def _text(body: bytes, encoding: str | None, limit: int) -> str:
    if encoding == "gzip" or body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except OSError:
            pass
    text = body.decode("utf-8", errors="replace")
    return text if len(text) <= limit else text[:limit] + f"... <{len(text)} chars>"


def make_handler(target: urllib.parse.SplitResult, limit: int):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=300)
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            data = response.read()
            with _print_lock:
                print(f">>> {self.command} {self.path}", file=sys.stderr)
                auth = self.headers.get("Authorization", "")
                if auth:
                    print(f"    Authorization: {auth[:28]}...", file=sys.stderr)
                if body:
                    print("    " + _text(body, self.headers.get("Content-Encoding"), limit), file=sys.stderr)
                print(f"<<< {response.status}", file=sys.stderr)
                print("    " + _text(data, response.getheader("Content-Encoding"), limit), file=sys.stderr)
                sys.stderr.flush()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            upstream.close()

        do_GET = do_POST = do_PUT = do_DELETE = _forward

        def log_message(self, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--max", type=int, default=2000)
    args = parser.parse_args()
    target = urllib.parse.urlsplit(args.target)
    server = ThreadingHTTPServer(("127.0.0.1", args.listen), make_handler(target, args.max))
    print(f"capturing 127.0.0.1:{args.listen} -> {args.target}", file=sys.stderr)
    server.serve_forever()


if __name__ == "__main__":
    main()
