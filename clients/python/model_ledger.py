"""Model Ledger run log client: log a training run from Python with no dependencies.

    import model_ledger

    with model_ledger.start_run(experiment="tuning", name="lr-0.1") as run:
        run.log_params({"lr": 0.1, "epochs": 10})
        for epoch in range(10):
            run.log_metric("loss", train_one_epoch(), step=epoch)
        run.log_artifact("models/model.pt")

An evaluation of a registered model version (a monitoring job on new data) names the version;
Model Ledger shows its metrics against those the version was registered with:

    with model_ledger.start_run(experiment="monitoring", evaluates="churn@v3.1.0") as run:
        run.log_input("data/2026-01.csv")
        run.log_metric("auc", evaluate(model, "data/2026-01.csv"))

Each call appends one JSON line to ``.modelledger/runs/<run id>.jsonl`` in the workspace, the
format of docs/run-log-format.md (version 1), which Model Ledger reads while the run goes on.
Python 3.8 or newer, standard library only.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from typing import Any, Dict, Mapping, Optional, Tuple

__all__ = ["FORMAT_VERSION", "Run", "resolve", "start_run"]

FORMAT_VERSION = 1

_STORE_DIR = ".modelledger"
_RUNS_DIR = "runs"
_GITIGNORE = "# Model Ledger: the local store and run logs. Not committed.\n*\n"
_SIGTERM_EXIT_CODE = 128 + 15
_HASH_CHUNK = 1 << 20
# Set by "Retrain from Version…", which runs the training in a worktree of the version's commit:
# the run logs into the workspace folder and names the version it retrains.
_ROOT_ENV = "MODEL_LEDGER_ROOT"
_RETRAINS_ENV = "MODEL_LEDGER_RETRAINS"
# The command line that runs `model-ledger` (resolve asks it), when it is not on PATH as `model-ledger`.
_CLI_ENV = "MODEL_LEDGER_CLI"
_ARTIFACTS_DIR = "artifacts"


def start_run(
    experiment: str,
    name: Optional[str] = None,
    root: Optional[str] = None,
    evaluates: Optional[str] = None,
    retrains: Optional[str] = None,
) -> "Run":
    """Starts a run of ``experiment`` and writes its start line.

    ``root`` is the workspace folder; by default ``$MODEL_LEDGER_ROOT``, else the nearest folder
    up from the current one that holds ``.modelledger`` or ``.git``, else the current folder.
    ``evaluates`` makes the run an evaluation of a registered model version, named
    ``"model@version"`` (``"churn@v3.1.0"``): Model Ledger shows its metrics against those the
    version was registered with. ``retrains`` names the registered version this run retrains; by
    default ``$MODEL_LEDGER_RETRAINS``, which Model Ledger's "Retrain from Version…" sets. Use the
    run as a context manager so that it ends as finished, failed (an exception) or killed (Ctrl+C,
    SIGTERM); otherwise call ``run.end()``.
    """
    if not isinstance(experiment, str) or not experiment:
        raise ValueError("experiment must be a non-empty string")
    if evaluates is not None and not _is_version_ref(evaluates):
        raise ValueError('evaluates must name a model version as "model@version", e.g. "churn@v3.1.0"')
    retrains = retrains if retrains is not None else os.environ.get(_RETRAINS_ENV) or None
    if retrains is not None and not _is_version_ref(retrains):
        raise ValueError('retrains must name a model version as "model@version", e.g. "churn@v3.1.0"; got ' + repr(retrains))
    links = {"evaluates": evaluates, "retrains": retrains}
    if root:
        return Run(experiment, name, os.path.abspath(root), links)
    if os.environ.get(_ROOT_ENV):
        # The code is the current folder's (the worktree's), not the workspace folder's.
        return Run(experiment, name, os.path.abspath(os.environ[_ROOT_ENV]), links, code_dir=os.getcwd())
    return Run(experiment, name, _find_root(os.getcwd()), links)


class Run:
    """One run and its log file. Every method writes one complete line at once."""

    def __init__(
        self, experiment: str, name: Optional[str], root: str, links: Optional[Mapping[str, Optional[str]]] = None, code_dir: Optional[str] = None
    ) -> None:
        self.run_id = uuid.uuid4().hex
        self.root = root
        self.path = os.path.join(root, _STORE_DIR, _RUNS_DIR, self.run_id + ".jsonl")
        self.status: Optional[str] = None  # set by end()
        self._owner_pid = os.getpid()
        # Reentrant: the SIGTERM handler runs on the main thread, maybe inside a write holding it.
        self._lock = threading.RLock()
        self._next_step: Dict[str, int] = {}
        self._previous_sigterm: Any = None  # set while our SIGTERM handler is installed
        git = _git_state(code_dir or root)
        _prepare_folder(os.path.dirname(self.path))
        # O_APPEND: each os.write lands whole at the end, never interleaved with another's.
        # O_EXCL: one writer per file.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_BINARY", 0)
        self._fd: Optional[int] = os.open(self.path, flags, 0o644)
        now = _now_ms()
        self._write({
            "type": "start",
            "v": FORMAT_VERSION,
            "t": now,
            "run_id": self.run_id,
            "experiment": experiment,
            "name": name,
            "git": git,
            "command": shlex.join(sys.argv) if sys.argv and sys.argv[0] else None,
            "start_time": now,
            "pid": self._owner_pid,
            "host": socket.gethostname(),
            "evaluates": (links or {}).get("evaluates"),
            **({"retrains": links["retrains"]} if links and links.get("retrains") is not None else {}),
        })

    # Params and tags: text, as in every tracker; str() keeps Python's spelling ("0.1", "True").

    def log_param(self, key: str, value: Any) -> None:
        self.log_params({key: value})

    def log_params(self, params: Mapping[str, Any]) -> None:
        self._write({"type": "params", "t": _now_ms(), "values": _text_values(params)})

    def set_tag(self, key: str, value: Any) -> None:
        self.set_tags({key: value})

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        self._write({"type": "tags", "t": _now_ms(), "values": _text_values(tags)})

    def log_metric(self, key: str, value: float, step: Optional[int] = None) -> None:
        """Logs one point; without ``step``, the key's previous step plus one (0 first)."""
        self.log_metrics({key: value}, step)

    def log_metrics(self, metrics: Mapping[str, float], step: Optional[int] = None) -> None:
        """Logs one point per key, all at one step; without ``step``, one past the latest of these keys."""
        values = {_key(key): _metric_value(value) for key, value in metrics.items()}
        with self._lock:
            if step is None:
                step = max((self._next_step.get(key, 0) for key in values), default=0)
            step = int(step)
            for key in values:
                self._next_step[key] = max(self._next_step.get(key, 0), step + 1)
            self._write_locked({"type": "metrics", "t": _now_ms(), "step": step, "values": values})

    def log_artifact(self, path: str) -> None:
        """Records a file the run produced, with its SHA-256 and size (read in chunks)."""
        if not os.path.isfile(path):
            raise FileNotFoundError("not a file: " + str(path))
        sha256, size = _hash_file(path)
        self._write({"type": "artifact", "t": _now_ms(), "path": self._log_path(path), "sha256": sha256, "size": size})

    def log_input(self, path: str) -> None:
        """Records a dataset the run read; a local file gets its SHA-256, anything else (a folder, a URI) none."""
        sha256 = _hash_file(path)[0] if os.path.isfile(path) else None
        self._write({"type": "input", "t": _now_ms(), "path": self._log_path(path), "sha256": sha256})

    def end(self, status: str = "finished") -> None:
        """Writes the end line and closes the log. Later calls do nothing."""
        if status not in ("finished", "failed", "killed"):
            raise ValueError("status must be finished, failed or killed")
        with self._lock:
            # A forked child (a data loader worker) shares the file but does not own the run.
            if self._fd is None or os.getpid() != self._owner_pid:
                return
            self._write_locked({"type": "end", "t": _now_ms(), "status": status})
            os.close(self._fd)
            self._fd = None
            self.status = status

    def __enter__(self) -> "Run":
        try:
            previous = signal.signal(signal.SIGTERM, self._on_sigterm)
        except ValueError:
            return self  # not the main thread: only the main thread may set handlers
        # None: a handler not set from Python, which cannot be put back; the default is closest.
        self._previous_sigterm = signal.SIG_DFL if previous is None else previous
        return self

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> bool:
        self._restore_sigterm()
        if exc_type is None:
            self.end("finished")
        elif issubclass(exc_type, KeyboardInterrupt) or (issubclass(exc_type, SystemExit) and exc.code == _SIGTERM_EXIT_CODE):
            self.end("killed")  # the SystemExit: an inner run's SIGTERM handler
        elif issubclass(exc_type, SystemExit) and exc.code in (None, 0):
            self.end("finished")
        else:
            self.end("failed")
        return False  # never swallow the exception

    def _on_sigterm(self, signum: int, frame: Any) -> None:
        if os.getpid() != self._owner_pid:
            # A forked child inherited this handler: behave as the child would have without it.
            self._restore_sigterm()
            os.kill(os.getpid(), signum)
            return
        self.end("killed")
        self._restore_sigterm()
        # SystemExit rather than os._exit: finally blocks and other context managers still run.
        raise SystemExit(_SIGTERM_EXIT_CODE)

    def _restore_sigterm(self) -> None:
        if self._previous_sigterm is None:
            return
        # Only our own handler is put back: code in the block may have installed its own since.
        if signal.getsignal(signal.SIGTERM) == self._on_sigterm:
            signal.signal(signal.SIGTERM, self._previous_sigterm)
        self._previous_sigterm = None

    def _log_path(self, path: str) -> str:
        """Inside the workspace: relative to it, with '/'. Outside: absolute. Not a local path: as given."""
        if "://" in str(path):
            return str(path)
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute, self.root) if _same_drive(absolute, self.root) else absolute
        if relative == ".." or relative.startswith(".." + os.sep) or os.path.isabs(relative):
            return absolute.replace(os.sep, "/")
        return relative.replace(os.sep, "/")

    def _write(self, record: Dict[str, Any]) -> None:
        with self._lock:
            self._write_locked(record)

    def _write_locked(self, record: Dict[str, Any]) -> None:
        if self._fd is None:
            raise RuntimeError("the run has ended: " + self.run_id)
        # allow_nan=False: NaN and Infinity were spelled as strings already; JSON has neither.
        data = (json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8")
        while data:  # one write in practice; a short write (a full disk) goes on where it stopped
            data = data[os.write(self._fd, data):]


def _is_version_ref(text: Any) -> bool:
    """``model@version`` with no whitespace: the reader's rule (src/core/lineage/linkedVersion.ts)."""
    if not isinstance(text, str) or not text or len(text) > 300 or any(c.isspace() for c in text):
        return False
    at = text.rfind("@")
    return 0 < at < len(text) - 1


def _find_root(start: str) -> str:
    folder = os.path.abspath(start)
    while True:
        if os.path.isdir(os.path.join(folder, _STORE_DIR)) or os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return os.path.abspath(start)
        folder = parent


def _prepare_folder(runs_dir: str) -> None:
    os.makedirs(runs_dir, exist_ok=True)
    try:
        # Exclusive create: never overwrite the store's own ignore file, and no race with it.
        with open(os.path.join(os.path.dirname(runs_dir), ".gitignore"), "x", encoding="utf-8") as ignore:
            ignore.write(_GITIGNORE)
    except FileExistsError:
        pass


def _git_state(root: str) -> Optional[Dict[str, Any]]:
    """HEAD commit, branch (None when detached) and dirty flag; None without git or outside a repository."""
    commit = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    if not commit:
        return None
    branch = _git(root, "symbolic-ref", "--short", "-q", "HEAD")
    status = _git(root, "status", "--porcelain")
    return {"commit": commit, "branch": branch or None, "dirty": bool(status)}


def _git(root: str, *args: str) -> Optional[str]:
    # GIT_OPTIONAL_LOCKS=0: `git status` must not take the index lock from the user's own git.
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0")
    try:
        result = subprocess.run(["git", *args], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.decode("utf-8", "replace").strip() if result.returncode == 0 else None


def _hash_file(path: str) -> Tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(_HASH_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _key(key: Any) -> str:
    if not isinstance(key, str) or not key:
        raise ValueError("keys must be non-empty strings, not " + repr(key))
    return key


def _text_values(values: Mapping[str, Any]) -> Dict[str, str]:
    return {_key(key): str(value) for key, value in values.items()}


def _metric_value(value: Any) -> Any:
    """A finite float, or the format's spelling of NaN and ±Infinity (JSON has none of them)."""
    number = float(value)  # also takes numpy and torch scalars
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return number


def _same_drive(a: str, b: str) -> bool:
    return os.path.splitdrive(a)[0].lower() == os.path.splitdrive(b)[0].lower()


def _now_ms() -> int:
    return int(time.time() * 1000)


def resolve(ref: str, to: Optional[str] = None, root: Optional[str] = None) -> str:
    """The local path of a registered version's artifact, its sha256 verified against the registration.

    ``ref`` names the version as ``model-ledger resolve`` reads it: ``"churn@v3.1.0"``,
    ``"churn#prod"`` (the version in the stage now), ``"churn@latest"``, or an imported MLflow
    model's ``"churn@3"``. The artifact (a file or a folder) is written under its own name into
    ``to``, by default ``.modelledger/artifacts/<model>/<version>/`` of the workspace, where a
    second call finds it already there and only verifies it. ``root`` is the workspace folder,
    found as ``start_run`` finds it.

    The registry is git tags plus what Model Ledger imported into its store, and the bytes may be
    in git, a DVC cache or an MLflow store: rather than a second reader of all that here, this asks
    the ``model-ledger`` command line (``$MODEL_LEDGER_CLI``, else ``model-ledger`` on PATH), so the
    client stays standard-library only and resolves exactly as the editor and CI do. Raises
    ``RuntimeError`` with the command's message when it refuses (unknown version, tampered copy).
    """
    if not isinstance(ref, str) or not ref or any(c.isspace() for c in ref) or ref.startswith("-"):
        raise ValueError('ref must name a version: "churn@v3.1.0", "churn#prod" or "churn@latest"; got ' + repr(ref))
    workspace = os.path.abspath(root) if root else _find_root(os.environ.get(_ROOT_ENV) or os.getcwd())
    found = _cli_json(workspace, "resolve", ref)
    folder = to if to is not None else os.path.join(workspace, _STORE_DIR, _ARTIFACTS_DIR, *found["model"].split("/"), found["version"])
    # The version, not the ref: a stage can move between the two calls, and the folder is per version.
    written = _cli_json(workspace, "resolve", found["model"] + "@" + found["version"], "--to", os.path.abspath(folder))
    return written["written"]["file"]


def _cli_json(workspace: str, *args: str) -> Dict[str, Any]:
    command = shlex.split(os.environ[_CLI_ENV]) if os.environ.get(_CLI_ENV) else ["model-ledger"]
    try:
        result = subprocess.run([*command, *args, "--json", "--workspace", workspace], cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError:
        raise RuntimeError(
            "the model-ledger command is not on PATH: put Model Ledger's command line there, "
            "or set " + _CLI_ENV + ' to the command that runs it (e.g. "node /path/to/dist/cli.js")'
        ) from None
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode("utf-8", "replace").strip() or "model-ledger " + " ".join(args) + " failed (exit " + str(result.returncode) + ")")
    return json.loads(result.stdout.decode("utf-8"))
