"""Stand-in alert receiver for the compose stack: logs every Alertmanager notification to stdout
(`docker-compose logs alert-webhook`) and answers 200. Replace the URLs in alertmanager.yml with your
pager/ticket bridge for real use. Usage: python3 alert-webhook.py [port, default 9095; 0 picks a free one] [bind address, default 0.0.0.0].
Its first line on stdout says where it listens, once it does."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver(BaseHTTPRequestHandler):
    def do_GET(self):
        # /health for the compose healthcheck.
        self._answer(200 if self.path == "/health" else 404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            message = json.loads(body)
            alerts = [f"{a.get('status')} {a.get('labels', {}).get('alertname')}" for a in message.get("alerts", [])]
            print(f"{self.path} {message.get('status')}: {', '.join(alerts)}", flush=True)
            self._answer(200)
        except (ValueError, AttributeError):
            self._answer(400)

    def log_message(self, format, *args):
        pass

    def _answer(self, code):
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9095
    # Threaded, so a slow or kept-open Alertmanager connection never holds up the compose healthcheck.
    server = ThreadingHTTPServer((sys.argv[2] if len(sys.argv) > 2 else "0.0.0.0", port), Receiver)
    server.daemon_threads = True
    host, bound = server.server_address[:2]
    print(f"listening on {host}:{bound}", flush=True)
    server.serve_forever()
