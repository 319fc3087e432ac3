"""`build.py serve`: live preview on 127.0.0.1.

Watches content/, templates/, assets/ and mkdocs.yml.  On every save it checks the content and, if
it is valid, rebuilds the website (not the PDFs: they take longer and are built by `build.py`) into
a private temporary folder.  Open pages reload themselves within a second; content problems are
printed in the `check` format and shown in a banner on the page, and the server keeps running on
the last good build.  Ctrl-C removes the temporary folder.
"""

from __future__ import annotations

import http.server
import json
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from .. import checking
from ..output import atomic_output

LIVE_SCRIPT = b"""<script>
(function () {
  var seen = null;
  function banner(problems) {
    var box = document.getElementById("handbook-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div"); box.id = "handbook-problems"; box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:45vh;overflow:auto;z-index:1000;" +
        "background:#fff;color:#000;border-top:6px solid #8a0000;padding:12px 16px;font:16px/1.5 monospace";
      document.body.appendChild(box);
    }
    box.textContent = "Content problems (the preview shows the last good build):\\n\\n" + problems.join("\\n");
    box.style.whiteSpace = "pre-wrap";
  }
  function poll() {
    fetch("/__handbook__/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.build !== seen) { location.reload(); return; }
      seen = s.build; banner(s.problems);
    }).catch(function () {}).finally(function () { setTimeout(poll, 500); });
  }
  poll();
})();
</script>"""


class State:
    def __init__(self, out: Path):
        self.out = out
        self.build = 0
        self.problems: list[str] = []
        self.lock = threading.Lock()


def rebuild(root: Path, state: State) -> None:
    from ..render.site import MkDocsWarnings, build_site

    started = time.perf_counter()
    project, report = checking.check(root)
    errors = [p.format() for p in report.sorted() if p.severity == "error"]
    if errors:
        for line in errors:
            print(line, file=sys.stderr, flush=True)
        with state.lock:
            state.problems = errors
            state.build += 1
        return
    try:
        with atomic_output(state.out, root) as stage:
            build_site(project, stage, root, manifest=[])
    except MkDocsWarnings as exc:
        with state.lock:
            state.problems = str(exc).splitlines()
            state.build += 1
        print(exc, file=sys.stderr, flush=True)
        return
    with state.lock:
        state.problems = []
        state.build += 1
    print(f"Rebuilt in {time.perf_counter() - started:.1f}s", flush=True)


def make_handler(state: State):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(state.out), **kwargs)

        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path.startswith("/__handbook__/status"):
                with state.lock:
                    body = json.dumps({"build": state.build, "problems": state.problems}).encode()
                self._send(body, "application/json")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                html = path.read_bytes().replace(b"</body>", LIVE_SCRIPT + b"</body>", 1)
                self._send(html, "text/html; charset=utf-8")
                return
            super().do_GET()

        def _send(self, body: bytes, kind: str):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(root: Path, port: int = 8000) -> int:
    from watchfiles import watch

    workdir = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
    state = State(workdir / "site")
    stop = threading.Event()

    def quit_(*_):
        stop.set()

    signal.signal(signal.SIGTERM, quit_)
    # Ctrl-C stops the preview even when started from a shell that ignores it for background jobs
    # (Python then leaves SIGINT ignored, and the watcher would never stop)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    httpd = None
    try:
        rebuild(root, state)
        try:
            httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(state))
        except OSError as exc:
            print(f"error: cannot listen on 127.0.0.1:{port}: {exc.strerror}. Try --port 8001.", file=sys.stderr)
            return 1
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        print(f"Serving the preview on http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl-C to stop)", flush=True)
        watched = [root / "content", root / "templates", root / "assets", root / "mkdocs.yml"]
        for changes in watch(
            *[p for p in watched if p.exists()], stop_event=stop, debounce=200, step=50, raise_interrupt=False
        ):
            names = sorted({Path(p).name for _, p in changes})
            print(f"Changed: {', '.join(names)}", flush=True)
            rebuild(root, state)
    except KeyboardInterrupt:
        pass
    finally:
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        shutil.rmtree(workdir, ignore_errors=True)
        print("Stopped; the preview's temporary files are removed.", flush=True)
    return 0
