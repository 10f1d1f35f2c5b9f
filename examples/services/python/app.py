"""
An example Flask service for `hotline load`, served by waitress (loopback only):
  GET /cpu    CPU-heavy: sums square roots in the request thread (the hot line below)
  GET /slow   calls the slow downstream service (downstream.py, started here on its own port)
  GET /queue  hands a job to a bounded worker pool (WORKERS threads, QUEUE_LIMIT waiting, then 503)
  GET /health answers at once
Usage: python3 app.py [port]   (or PORT=...; DOWNSTREAM_PORT, WORKERS, JOB_MS, QUEUE_LIMIT, CPU_N, THREADS)
"""
import atexit
import contextlib
import functools
import json
import math
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import Future

from flask import Flask, jsonify
from waitress import serve

try:  # Under opentelemetry-instrument (hotline load --trace) a queued job is a span of its own, a child of the request's.
    from opentelemetry import context as otel_context
    from opentelemetry import trace
except ImportError:
    otel_context = trace = None

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("PORT", "8080"))
WORKERS = int(os.environ.get("WORKERS", "2"))
JOB_MS = float(os.environ.get("JOB_MS", "10"))
QUEUE_LIMIT = int(os.environ.get("QUEUE_LIMIT", "256"))
CPU_N = int(os.environ.get("CPU_N", "100000"))

app = Flask(__name__)


def cpu_work(n):
    total = 0.0
    for i in range(1, n + 1):
        total += math.sqrt(i) * math.sin(i)  # HOT
    return total


# A fixed number of worker threads; jobs beyond them wait in the bounded queue, so under load the wait grows.
jobs = queue.Queue(maxsize=QUEUE_LIMIT)


def names_its_line(handler):
    """Under OpenTelemetry the request's span names the handler's source line (OpenTelemetry's code.* attributes,
    which Hotline's Traces panel puts the latency on); Flask's instrumentation does not write them."""
    code = handler.__code__

    @functools.wraps(handler)
    def wrapped(*args, **kwargs):
        if trace is not None:
            line = {"code.filepath": code.co_filename, "code.lineno": code.co_firstlineno, "code.function": handler.__name__}
            trace.get_current_span().set_attributes(line)
        return handler(*args, **kwargs)

    return wrapped


def job_span(request_context):
    """The job's span, started when a worker takes it: the request span's wait before it is the time queued."""
    if trace is None:
        return contextlib.nullcontext()
    return trace.get_tracer(__name__).start_as_current_span("queue job", context=request_context)


def worker():
    while True:
        enqueued_at, request_context, future = jobs.get()
        started_at = time.monotonic()
        with job_span(request_context):
            time.sleep(JOB_MS / 1000)
        future.set_result({"queuedMs": (started_at - enqueued_at) * 1000, "workMs": (time.monotonic() - started_at) * 1000})


for _ in range(WORKERS):
    threading.Thread(target=worker, daemon=True).start()


def start_downstream():
    child = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "downstream.py"), "0"], stdout=subprocess.PIPE, text=True)
    atexit.register(child.kill)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    return int(child.stdout.readline().rsplit(" ", 1)[1])


DOWNSTREAM_PORT = int(os.environ.get("DOWNSTREAM_PORT", "0")) or start_downstream()


@app.get("/cpu")
@names_its_line
def cpu():
    return jsonify(total=cpu_work(CPU_N))


@app.get("/slow")
@names_its_line
def slow():
    with urllib.request.urlopen(f"http://127.0.0.1:{DOWNSTREAM_PORT}/", timeout=10) as res:
        return jsonify(json.load(res))


@app.get("/queue")
@names_its_line
def enqueue():
    future = Future()
    try:
        jobs.put_nowait((time.monotonic(), otel_context and otel_context.get_current(), future))
    except queue.Full:
        return jsonify(error="queue full"), 503
    return jsonify(future.result())


@app.get("/health")
def health():
    return jsonify(ok=True)


if __name__ == "__main__":
    print(f"listening on http://127.0.0.1:{PORT}", flush=True)
    # waitress keeps connections alive, as load generators expect (Flask's development server closes each one).
    serve(app, host="127.0.0.1", port=PORT, threads=int(os.environ.get("THREADS", "8")))
