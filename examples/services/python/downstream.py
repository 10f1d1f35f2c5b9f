"""The slow downstream service the example calls: answers every request after DELAY_MS (default 40)."""
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY_MS = float(os.environ.get("DELAY_MS", "40"))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(DELAY_MS / 1000)
        body = json.dumps({"waitedMs": DELAY_MS}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
    # The parent reads the port it got from this line.
    print(f"downstream listening on {server.server_address[1]}", flush=True)
    server.serve_forever()
