"""Importing by Hub id, against a local HTTP server standing in for the Hub (``HF_ENDPOINT``).

The server answers the few requests ``huggingface_hub`` makes (revision info, file tree,
HEAD and GET of each file, with byte ranges) from a folder made in the test. The connection
drops halfway through the weights; the download resumes from where it stopped. Nothing
touches the network; the commands run as a user runs them, in a separate process.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import llmstudio
from llmstudio.core.project import Project
from llmstudio.core.runs import list_runs

pytest.importorskip("huggingface_hub")
pytest.importorskip("transformers")

from tests.core.test_hf_import import hf_greedy, make_model  # noqa: E402

SHA = "0123456789abcdef0123456789abcdef01234567"
REPO = "someone/tiny-llama"


class FakeHub:
    """Serves one repository from a folder; records what was asked; drops the first weights download halfway."""

    def __init__(self, folder: Path) -> None:
        self.files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        self.requests: list[tuple[str, str, str]] = []
        self.drop_first_weights = True
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self._answer(body=False)

            def do_GET(self) -> None:
                self._answer(body=True)

            def _json(self, data: object) -> None:
                import json

                payload = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _answer(self, body: bool) -> None:
                path = self.path.split("?")[0]
                hub.requests.append((self.command, path, self.headers.get("Range", "")))
                if path.startswith(f"/api/models/{REPO}/revision/"):
                    return self._json({"id": REPO, "modelId": REPO, "sha": SHA, "private": False,
                                       "siblings": [{"rfilename": n} for n in hub.files]})
                if path.startswith(f"/api/models/{REPO}/tree/"):
                    return self._json([{"type": "file", "path": n, "size": len(d),
                                        "oid": hashlib.sha1(d).hexdigest()} for n, d in hub.files.items()])
                prefix = f"/{REPO}/resolve/"
                if path.startswith(prefix) and path[len(prefix):].split("/", 1)[-1] in hub.files:
                    name = path[len(prefix):].split("/", 1)[-1]
                    return self._file(name, body)
                self.send_response(404)
                self.send_header("X-Error-Code", "RepoNotFound")
                self.send_header("X-Error-Message", "Repository not found")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _file(self, name: str, body: bool) -> None:
                data = hub.files[name]
                start = int(self.headers["Range"].split("=")[1].split("-")[0]) if self.headers.get("Range") else 0
                self.send_response(206 if start else 200)
                self.send_header("X-Repo-Commit", SHA)
                self.send_header("ETag", f'"{hashlib.sha1(data).hexdigest()}"')
                self.send_header("Content-Length", str(len(data) - start))
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                self.end_headers()
                if not body:
                    return
                if name == "model.safetensors" and hub.drop_first_weights:
                    hub.drop_first_weights = False
                    self.wfile.write(data[start: len(data) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)  # the connection drops halfway
                    return
                self.wfile.write(data[start:])

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def llmstudio_cli(args: list[str], env: dict[str, str], chunk: int = 0) -> subprocess.CompletedProcess[str]:
    """``llmstudio ARGS`` in a new process. ``chunk``: huggingface_hub writes downloads in chunks of
    10 MB; a smaller chunk lets a small test file be cut off with part of it on disk, as a
    large model is."""
    root = str(Path(llmstudio.__file__).resolve().parents[1])
    full = {**os.environ, **env, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        full.pop(proxy, None)
    code = ("import sys, huggingface_hub.constants as c; c.DOWNLOAD_CHUNK_SIZE = int(sys.argv[1]) or "
            "c.DOWNLOAD_CHUNK_SIZE; from llmstudio.cli import main; sys.exit(main(sys.argv[2:]))")
    return subprocess.run([sys.executable, "-c", code, str(chunk), *args], env=full, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.slow
def test_import_by_hub_id_downloads_resumes_and_caches(cleaned_project: Project, tmp_path: Path) -> None:
    source = make_model(tmp_path / "made")
    (source / "pytorch_model.bin").write_bytes(b"a pickle the import must never fetch")
    root = str(cleaned_project.root)
    env = {"HF_ENDPOINT": "", "HF_HOME": str(tmp_path / "hf-home"), "HF_HUB_DISABLE_TELEMETRY": "1",
           "HF_HUB_DISABLE_XET": "1"}
    with FakeHub(source) as hub:
        env["HF_ENDPOINT"] = hub.url
        result = llmstudio_cli(["model", root, "import", REPO], env, chunk=4096)
        assert result.returncode == 0, result.stderr
        run_id = int(result.stdout.strip().splitlines()[-1])
        asked = [r[2] for r in hub.requests if r[0] == "GET" and r[1].endswith("/model.safetensors")]
        assert len(asked) == 2 and asked[0] == "" and asked[1].startswith("bytes="), asked
        assert int(asked[1].split("=")[1].rstrip("-")) > 0  # resumed where the drop left it, not from 0
        assert not any(r[1].endswith("pytorch_model.bin") for r in hub.requests)

        served = len(hub.requests)
        again = llmstudio_cli(["model", root, "import", REPO, "--name", "again"], env)
        assert again.returncode == 0, again.stderr
        assert not any(r[0] == "GET" and "/resolve/" in r[1] for r in hub.requests[served:]), "not cached"

    generated = llmstudio_cli(["generate", root, "--run", str(run_id), "--prompt", "Call me", "--top-k", "1",
                               "--max-new-tokens", "20", "--device", "cpu"], env)
    assert generated.returncode == 0, generated.stderr
    assert generated.stdout.rstrip("\n") == hf_greedy(source, "Call me", 20)


def test_offline_or_unknown_ids_are_explained_and_leave_nothing(cleaned_project: Project, tmp_path: Path) -> None:
    source = make_model(tmp_path / "made")
    root = str(cleaned_project.root)
    env = {"HF_HOME": str(tmp_path / "hf-home"), "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_DISABLE_XET": "1"}
    with FakeHub(source) as hub:
        offline = llmstudio_cli(["model", root, "import", REPO, "--quiet"], {**env, "HF_ENDPOINT": hub.url, "HF_HUB_OFFLINE": "1"})
        assert offline.returncode == 1
        assert "cannot reach the Hugging Face Hub" in offline.stderr and len(offline.stderr.strip().splitlines()) == 1
        unknown = llmstudio_cli(["model", root, "import", "nobody/nothing", "--quiet"], {**env, "HF_ENDPOINT": hub.url})
        assert unknown.returncode == 1 and "no model nobody/nothing on the Hub" in unknown.stderr
    project = Project.open(cleaned_project.root)
    assert list_runs(project) == [] and project.tokenizers() == []
    project.close()
