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

Images, plots and tables go to the run's media folder, ``.modelledger/media/<run id>/``, shown in
the run panel and side by side in compare:

        run.log_image("samples", "pred.png", step=epoch)      # or the PNG's bytes
        run.log_plot("confusion", "confusion", {"actual": y_true, "predicted": y_pred})
        run.log_plot("roc", "roc", {"fpr": fpr, "tpr": tpr})
        run.log_table("errors", [{"id": 7, "label": "cat", "predicted": "dog"}])

Each other call appends one JSON line to ``.modelledger/runs/<run id>.jsonl`` in the workspace,
the format of docs/run-log-format.md (version 1), which Model Ledger reads while the run goes on.
Python 3.8 or newer, standard library only.

With ``MODEL_LEDGER_TEAM_URL`` set to a team store (``postgresql://user@host/db``; the password from
the URL, ``PGPASSWORD`` or ``~/.pgpass``, TLS from ``sslmode``/``sslrootcert``, as libpq reads them)
and psycopg 3 installed (``pip install "psycopg[binary]"``), runs also go straight to PostgreSQL:
run, params, tags, dataset inputs and metrics (batched, COPY), seen live by the team. Without
psycopg, or when the server cannot be reached, the client says so once on stderr and writes the
run log only; ``model-ledger team push`` sends it later. Artifacts and media stay on this machine.
"""

from __future__ import annotations

import getpass
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
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple, Union
from urllib.parse import urlsplit

__all__ = ["FORMAT_VERSION", "Run", "resolve", "start_run"]

FORMAT_VERSION = 1

_STORE_DIR = ".modelledger"
_RUNS_DIR = "runs"
_MEDIA_DIR = "media"
_MEDIA_VERSION = 1
# Image formats by their first bytes; SVG is text, recognised by its root element.
_IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF87a", ".gif"), (b"GIF89a", ".gif"))
_IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
_SERIES_AXES = {
    "roc": ("fpr", "tpr", "False Positive Rate", "True Positive Rate"),
    "precision_recall": ("recall", "precision", "Recall", "Precision"),
    "calibration": ("prob_pred", "prob_true", "Mean Predicted Probability", "Fraction of Positives"),
    "xy": ("x", "y", "x", "y"),
}
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
        # Names in this run's media folders, by folder then lower-cased name: listed once, since only this run writes there.
        self._media_names: Dict[str, Dict[str, Set[str]]] = {}
        self._previous_sigterm: Any = None  # set while our SIGTERM handler is installed
        git = _git_state(code_dir or root)
        # The run log is always written: with a team store too, it is what `model-ledger team push`
        # completes the run from when the server fails mid-run.
        self._sink: Optional[_RunLogSink] = _RunLogSink(self.path)
        self._team = _TeamWriter.open(self.run_id, self.path)
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

    # Media: files in .modelledger/media/<run id>/, each written whole (a temporary file renamed).

    def log_image(self, key: str, image: Union[str, "os.PathLike[str]", bytes], step: Optional[int] = None) -> str:
        """Saves an image (a file's path, or encoded PNG/JPEG/GIF/SVG/WebP bytes) under ``key``.

        With ``step``, it is the key's image at that step (a later one at the same step replaces
        it); without, the key's one image. Keys are names with ``/`` between parts. Returns the
        path written.
        """
        key = _media_name(key, "key")
        if isinstance(image, (bytes, bytearray)):
            data, extension = bytes(image), _image_extension(bytes(image))
        else:
            extension = os.path.splitext(os.fspath(image))[1].lower()
            if extension not in _IMAGE_EXTENSIONS:
                raise ValueError("not an image file Model Ledger shows (PNG, JPEG, GIF, SVG, WebP): " + os.fspath(image))
            with open(image, "rb") as file:
                data = file.read()
        if step is None:
            return self._write_media(os.path.join("figures", *key.split("/")) + extension, data, replaces=_IMAGE_EXTENSIONS)
        return self._write_media(os.path.join("images", *key.split("/"), str(int(step))) + extension, data, replaces=_IMAGE_EXTENSIONS)

    def log_plot(
        self, name: str, kind: str, data: Mapping[str, Any], title: Optional[str] = None, x_label: Optional[str] = None, y_label: Optional[str] = None
    ) -> str:
        """Saves a plot: ``kind`` "confusion", "roc", "precision_recall", "calibration" or "xy".

        A confusion matrix: ``{"actual": [...], "predicted": [...]}`` (one class per example), or
        ``{"labels": [...], "counts": [[...]]}`` with counts[actual][predicted]. A curve: its axes
        by name (``{"fpr": [...], "tpr": [...]}`` for ROC, recall/precision, prob_pred/prob_true,
        x/y), or ``{"series": [{"name": ..., "x": [...], "y": [...]}]}`` for several lines.
        Returns the path written.
        """
        name = _media_name(name, "name")
        if kind == "confusion":
            labels, counts = _confusion(data)
            plot: Dict[str, Any] = {"v": _MEDIA_VERSION, "kind": kind, "title": title or name, "labels": labels, "counts": counts}
        elif kind in _SERIES_AXES:
            x_key, y_key, x_default, y_default = _SERIES_AXES[kind]
            lines = data["series"] if "series" in data else [{"name": y_key, "x": _axis(data, x_key), "y": _axis(data, y_key)}]
            plot = {
                "v": _MEDIA_VERSION,
                "kind": kind,
                "title": title or name,
                "x_label": x_label or x_default,
                "y_label": y_label or y_default,
                "series": [_line(line, i) for i, line in enumerate(lines)],
            }
        else:
            raise ValueError("kind must be confusion, roc, precision_recall, calibration or xy, not " + repr(kind))
        return self._write_media(os.path.join("plots", *name.split("/")) + ".json", _json_bytes(plot))

    def log_table(self, name: str, rows: Any, columns: Optional[Sequence[str]] = None) -> str:
        """Saves a table: a list of dicts (columns in order of first appearance), a list of lists
        with ``columns``, or a dict of columns. Written as MLflow's log_table writes it,
        ``{"columns": [...], "data": [[...]]}``. Returns the path written.
        """
        name = _media_name(name, "name")
        names, data = _table(rows, columns)
        return self._write_media(os.path.join("tables", *name.split("/")) + ".json", _json_bytes({"columns": names, "data": data}))

    def _write_media(self, relative: str, data: bytes, replaces: Sequence[str] = ()) -> str:
        if self._sink is None:
            raise RuntimeError("the run has ended: " + self.run_id)
        base = os.path.join(self.root, _STORE_DIR, _MEDIA_DIR, self.run_id)
        target = os.path.join(base, relative)
        self._refuse_case_collision(base, relative)
        folder = os.path.dirname(target)
        os.makedirs(folder, exist_ok=True)
        # Hidden while written, then renamed: a reader never sees half a file.
        temporary = os.path.join(folder, ".%s.tmp" % uuid.uuid4().hex)
        try:
            with open(temporary, "wb") as file:
                file.write(data)
            os.replace(temporary, target)
        except BaseException:
            if os.path.exists(temporary):
                os.remove(temporary)
            raise
        self._remember_media_path(base, relative)
        stem, extension = os.path.splitext(target)
        for other in replaces:  # the same image logged before in another format
            if other != extension and os.path.exists(stem + other):
                os.remove(stem + other)
                self._media_names.get(folder, {}).get(os.path.basename(stem + other).lower(), set()).discard(os.path.basename(stem + other))
        return target

    def _refuse_case_collision(self, base: str, relative: str) -> None:
        """A media path that differs from an existing one only by case would overwrite it on a case-insensitive disk (Windows, macOS)."""
        folder = base
        for part in relative.split(os.sep):
            names = self._media_names_in(folder)
            if names is None:
                return
            for existing in names.get(part.lower(), ()):
                if existing != part:
                    raise ValueError(
                        "%s differs only by case from %s, already in this run's media: on a case-insensitive file system one would overwrite the other; use the same spelling or another name"
                        % (os.path.join(folder, part), os.path.join(folder, existing))
                    )
            folder = os.path.join(folder, part)

    def _media_names_in(self, folder: str) -> Optional[Dict[str, Set[str]]]:
        """The names in one of this run's media folders by lower-cased name, or None while it does not exist."""
        names = self._media_names.get(folder)
        if names is None:
            if not os.path.isdir(folder):
                return None
            names = {}
            for name in os.listdir(folder):
                names.setdefault(name.lower(), set()).add(name)
            self._media_names[folder] = names
        return names

    def _remember_media_path(self, base: str, relative: str) -> None:
        """Adds a path just written to the folders already listed (a folder listed later sees it anyway)."""
        folder = base
        for part in relative.split(os.sep):
            names = self._media_names.get(folder)
            if names is not None:
                names.setdefault(part.lower(), set()).add(part)
            folder = os.path.join(folder, part)

    def end(self, status: str = "finished") -> None:
        """Writes the end line and closes the log. Later calls do nothing."""
        if status not in ("finished", "failed", "killed"):
            raise ValueError("status must be finished, failed or killed")
        with self._lock:
            # A forked child (a data loader worker) shares the file but does not own the run.
            if self._sink is None or os.getpid() != self._owner_pid:
                return
            self._write_locked({"type": "end", "t": _now_ms(), "status": status})
            self._sink.close()
            self._sink = None
            if self._team is not None:
                self._team.close()
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
        if self._sink is None:
            raise RuntimeError("the run has ended: " + self.run_id)
        # The team store first: a param it refuses (params never change there) is written nowhere.
        if self._team is not None:
            self._team.write(record)
        self._sink.write(record)


class _RunLogSink:
    """The run's lines in its run log file."""

    def __init__(self, path: str) -> None:
        _prepare_folder(os.path.dirname(path))
        # O_APPEND: each os.write lands whole at the end, never interleaved with another's.
        # O_EXCL: one writer per file.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_BINARY", 0)
        self._fd = os.open(path, flags, 0o644)

    def write(self, record: Dict[str, Any]) -> None:
        # allow_nan=False: NaN and Infinity were spelled as strings already; JSON has neither.
        data = (json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8")
        while data:  # one write in practice; a short write (a full disk) goes on where it stopped
            data = data[os.write(self._fd, data):]

    def close(self) -> None:
        os.close(self._fd)


# The team store: a run written straight to PostgreSQL (docs/team-store.md) when MODEL_LEDGER_TEAM_URL
# is set and psycopg 3 imports, in the schema of src/team/schema/migrations.ts, which this follows.

_TEAM_URL_ENV = "MODEL_LEDGER_TEAM_URL"
_TEAM_SCHEMA_VERSION = 1
# Points are sent in batches: at the latest this long after the first of a batch was logged, so a
# teammate's open chart moves within the 2 s the team store promises, or once this many are waiting.
_TEAM_FLUSH_SECONDS = 0.5
_TEAM_FLUSH_POINTS = 50_000
_TEAM_NOTICES: Set[str] = set()


def _team_notice(message: str) -> None:
    """Says something about the team store on stderr, once per process."""
    if message not in _TEAM_NOTICES:
        _TEAM_NOTICES.add(message)
        sys.stderr.write("model_ledger: " + message + "\n")
        sys.stderr.flush()


def _url_for_messages(url: str) -> str:
    """The URL without its password (and without a query string that may hold one)."""
    if "://" not in url:  # libpq's "host=... password=..." form: nothing of it is safe to repeat
        return "the server " + _TEAM_URL_ENV + " names"
    try:
        parts = urlsplit(url)
        user = parts.username + "@" if parts.username else ""
        port = ":" + str(parts.port) if parts.port else ""
        return "%s://%s%s%s%s" % (parts.scheme, user, parts.hostname or "", port, parts.path)
    except ValueError:
        return "the URL in " + _TEAM_URL_ENV


class _TeamWriter:
    """Writes one run's records to the team store as they are logged; points in batches with COPY.

    A failure never stops the training: the writer says what happened once and stops, and the run
    log holds the whole run for ``model-ledger team push`` to complete on the server. Only a param
    the server already holds with another value is refused (params never change once written).
    """

    @staticmethod
    def open(run_id: str, run_log: str) -> Optional["_TeamWriter"]:
        url = os.environ.get(_TEAM_URL_ENV)
        if not url:
            return None
        try:
            import psycopg
        except ImportError:
            _team_notice(
                _TEAM_URL_ENV + " is set, but psycopg 3 is not installed for " + sys.executable + ' (pip install "psycopg[binary]"): '
                "runs are written only to their run logs in .modelledger/runs/; `model-ledger team push` sends them to the team store"
            )
            return None
        where = _url_for_messages(url)
        try:
            connection = psycopg.connect(url, autocommit=True, connect_timeout=10, application_name="model_ledger.py")
        except psycopg.Error as error:
            _team_notice("cannot connect to the team store at %s (%s): runs are written only to their run logs; `model-ledger team push` sends them later" % (where, _first_line(error)))
            return None
        try:
            problem = _team_schema_problem(connection)
        except psycopg.Error as error:  # a role that may not even read the schema's version
            problem = "cannot be read (%s)" % _first_line(error)
        if problem:
            connection.close()
            _team_notice("the team store at %s %s: runs are written only to their run logs" % (where, problem))
            return None
        return _TeamWriter(psycopg, connection, run_id, run_log, where)

    def __init__(self, psycopg: Any, connection: Any, run_id: str, run_log: str, where: str) -> None:
        self._psycopg = psycopg
        self._connection: Optional[Any] = connection
        self._run_id = run_id
        self._run_log = run_log
        self._where = where
        self._owner_pid = os.getpid()
        self._lock = threading.RLock()
        # Points logged and not yet sent: (key, ordinal, step, timestamp, value as COPY text).
        self._pending: List[Tuple[str, int, int, int, str]] = []
        # Points logged per key: the ordinal of the next one, as the server numbers a series.
        self._logged: Dict[str, int] = {}
        self._wake = threading.Event()
        self._flusher: Optional[threading.Thread] = None

    def write(self, record: Dict[str, Any]) -> None:
        with self._lock:
            if self._connection is None:
                return
            if os.getpid() != self._owner_pid:
                # A forked child must not use the parent's connection; its lines are in the run log.
                _team_notice("a forked process's records of run %s go only to its run log; `model-ledger team push` sends them" % self._run_id)
                return
            try:
                self._write_locked(record)
            except self._psycopg.errors.IntegrityError as error:
                if record["type"] == "params":
                    raise ValueError(_first_line(error)) from None
                self._fail(error)
            except self._psycopg.Error as error:
                self._fail(error)

    def close(self) -> None:
        """Closes the connection, after the end record (which sent the last points) or a failure."""
        with self._lock:
            self._wake.set()
            if self._connection is not None and os.getpid() == self._owner_pid:
                self._connection.close()
            self._connection = None

    def _write_locked(self, record: Dict[str, Any]) -> None:
        kind = record["type"]
        if kind == "start":
            self._start(record)
        elif kind in ("params", "tags"):
            # A param's key already there with another value: the server's trigger refuses the whole statement.
            items = sorted(record["values"].items())
            self._connection.execute(
                "INSERT INTO model_ledger.%s (run_id, key, value) SELECT %%s, k, v FROM unnest(%%s::text[], %%s::text[]) AS t(k, v) "
                "ON CONFLICT (run_id, key) DO UPDATE SET value = EXCLUDED.value" % kind,
                (self._run_id, [k for k, _ in items], [v for _, v in items]),
            )
        elif kind == "metrics":
            for key, value in record["values"].items():
                ordinal = self._logged.get(key, 0)
                self._logged[key] = ordinal + 1
                self._pending.append((key, ordinal, record["step"], record["t"], value if isinstance(value, str) else repr(float(value))))
            if len(self._pending) >= _TEAM_FLUSH_POINTS:
                self._flush()
            else:
                self._wake_flusher()
        elif kind == "input":
            self._connection.execute(
                "INSERT INTO model_ledger.run_inputs (run_id, path, sha256) VALUES (%s, %s, %s) ON CONFLICT (run_id, path) DO UPDATE SET sha256 = EXCLUDED.sha256",
                (self._run_id, record["path"], record["sha256"]),
            )
        elif kind == "end":
            self._flush()
            self._connection.execute("UPDATE model_ledger.runs SET status = %s, end_time = %s WHERE id = %s", (record["status"], record["t"], self._run_id))
        # "artifact": the team store keeps no artifacts (they are files on this machine); the run log has the record.

    def _start(self, start: Dict[str, Any]) -> None:
        experiment = start["experiment"]
        # The ids an import of this run's log gives (src/ingest/runlog/runApplier.ts), so a later push of it is the same run.
        folder = _STORE_DIR + "/" + _RUNS_DIR
        git = start.get("git") or {}
        with self._connection.transaction():
            self._connection.execute(
                "INSERT INTO model_ledger.experiments (id, name, origin_source, origin_id, origin_path, created_at) "
                "VALUES (%s, %s, 'native', %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                ("native:%s#%s" % (folder, experiment), experiment, experiment, folder, start["t"]),
            )
            self._connection.execute(
                "INSERT INTO model_ledger.runs (id, experiment_id, name, status, start_time, git_commit, git_branch, git_dirty, command, "
                "origin_source, origin_id, origin_path, owner, pushed_from) VALUES (%s, %s, %s, 'running', %s, %s, %s, %s, %s, 'native', %s, %s, %s, %s)",
                (
                    self._run_id, "native:%s#%s" % (folder, experiment), start["name"] or self._run_id, start["start_time"],
                    git.get("commit"), git.get("branch"), git.get("dirty"), start["command"],
                    self._run_id, folder + "/" + os.path.basename(self._run_log), _owner(), socket.gethostname(),
                ),
            )

    def _wake_flusher(self) -> None:
        if self._flusher is None:
            self._flusher = threading.Thread(target=self._flush_periodically, name="model_ledger team store", daemon=True)
            self._flusher.start()
        self._wake.set()

    def _flush_periodically(self) -> None:
        while True:
            self._wake.wait()
            time.sleep(_TEAM_FLUSH_SECONDS)
            with self._lock:
                if self._connection is None:
                    return
                self._wake.clear()
                try:
                    self._flush()
                except self._psycopg.Error as error:
                    self._fail(error)

    def _flush(self) -> None:
        """Appends the waiting points in one transaction, as the schema says: lock each series, COPY, points_appended."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        keys = sorted({point[0] for point in pending})
        with self._connection.transaction(), self._connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO model_ledger.metric_series (run_id, key) SELECT %s, unnest(%s::text[]) ON CONFLICT (run_id, key) DO NOTHING", (self._run_id, keys)
            )
            cursor.execute("SELECT key, id, count FROM model_ledger.metric_series WHERE run_id = %s AND key = ANY(%s) ORDER BY id FOR UPDATE", (self._run_id, keys))
            series = {key: (series_id, count) for key, series_id, count in cursor.fetchall()}
            # A point the server already has (a `team push` of this run's log got there first) is not sent again.
            rows = ["%d\t%d\t%d\t%d\t%s\n" % (series[key][0], ordinal, step, timestamp, value) for key, ordinal, step, timestamp, value in pending if ordinal >= series[key][1]]
            with cursor.copy("COPY model_ledger.metric_points (series_id, ordinal, step, timestamp, value) FROM STDIN") as copy:
                copy.write("".join(rows))
            cursor.execute("SELECT model_ledger.points_appended(id) FROM unnest(%s::bigint[]) AS id", ([series_id for series_id, _ in series.values()],))

    def _fail(self, error: Exception) -> None:
        _team_notice(
            "the team store at %s stopped taking run %s (%s); the run goes on in its run log %s, and `model-ledger team push` completes it on the server"
            % (self._where, self._run_id, _first_line(error), self._run_log)
        )
        self._pending = []
        connection, self._connection = self._connection, None
        self._wake.set()
        if connection is not None:
            connection.close()


def _team_schema_problem(connection: Any) -> Optional[str]:
    """Why this client cannot write to the database's team store, or None."""
    (present,) = connection.execute("SELECT to_regclass('model_ledger.schema_version') IS NOT NULL").fetchone()
    if not present:
        return "has no Model Ledger team store yet (run `model-ledger team init` first)"
    (version,) = connection.execute("SELECT max(version) FROM model_ledger.schema_version").fetchone()
    if version != _TEAM_SCHEMA_VERSION:
        newer = version is not None and version > _TEAM_SCHEMA_VERSION
        return "has schema version %s, which this model_ledger.py does not write (it writes version %d): %s" % (
            version, _TEAM_SCHEMA_VERSION, "update model_ledger.py" if newer else "run `model-ledger team init` to migrate it")
    return None


def _owner() -> str:
    """``user@host``: who logged the run, as the team store shows it and as `team push` names it
    (Node's os.userInfo(): the account's name, not $USER), so that a push of this run's log is the same owner's."""
    try:
        import pwd  # POSIX only

        user = pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # Windows; or a uid without a name (a container)
        user = getpass.getuser()
    return "%s@%s" % (user, socket.gethostname())


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.split("\n", 1)[0] if text else type(error).__name__


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


# Windows opens a device for these stems whatever the extension (https://learn.microsoft.com/windows/win32/fileio/naming-a-file).
_RESERVED_STEMS = frozenset(["con", "prn", "aux", "nul"] + ["com%d" % i for i in range(1, 10)] + ["lpt%d" % i for i in range(1, 10)])


def _media_name(name: Any, what: str) -> str:
    """Parts of letters, digits, ``_ - . space`` joined by ``/``: a path on every platform, never hidden, leading out or a device."""
    if not isinstance(name, str) or not name or len(name) > 200:
        raise ValueError("the %s must be a string of 1 to 200 characters, not %r" % (what, name))
    for part in name.split("/"):
        # Windows drops a trailing dot or space from a file name, so such a part would name another file.
        if not part or part.startswith(".") or part.endswith(".") or part != part.strip() or not all(c.isalnum() or c in "_-. " for c in part):
            raise ValueError(
                "the %s %r has a part that is empty, starts or ends with '.' or a space, or holds characters other than letters, digits, _ - . and spaces"
                % (what, name)
            )
        if part.split(".")[0].strip().lower() in _RESERVED_STEMS:
            raise ValueError("the %s %r has a part named %r, a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any extension); choose another name" % (what, name, part))
    return name


def _image_extension(data: bytes) -> str:
    for magic, extension in _IMAGE_MAGIC:
        if data.startswith(magic):
            return extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if b"<svg" in data[:1024]:
        return ".svg"
    raise ValueError("the bytes are not a PNG, JPEG, GIF, WebP or SVG image")


def _confusion(data: Mapping[str, Any]) -> Tuple[List[str], List[List[Any]]]:
    if "counts" in data:
        labels = [str(label) for label in data["labels"]]
        counts = [[_metric_value(v) for v in row] for row in data["counts"]]
        if len(counts) != len(labels) or any(len(row) != len(labels) for row in counts):
            raise ValueError("counts must be a square list of lists, one row and one column per label")
        return labels, counts
    actual = [str(v) for v in data["actual"]]
    predicted = [str(v) for v in data["predicted"]]
    if len(actual) != len(predicted):
        raise ValueError("actual and predicted must have one class per example: %d and %d" % (len(actual), len(predicted)))
    labels = [str(label) for label in data["labels"]] if "labels" in data else _sorted_classes(set(actual) | set(predicted))
    index = {label: i for i, label in enumerate(labels)}
    counts = [[0] * len(labels) for _ in labels]
    for a, p in zip(actual, predicted):
        if a not in index or p not in index:
            raise ValueError("class %r is not one of the labels" % (a if a not in index else p))
        counts[index[a]][index[p]] += 1
    return labels, counts


def _sorted_classes(classes: Any) -> List[str]:
    """Numerically when every class is a number, else alphabetically: the reader's order for DVCLive's files."""
    try:
        return sorted(classes, key=float)
    except ValueError:
        return sorted(classes)


def _axis(data: Mapping[str, Any], key: str) -> Any:
    if key not in data:
        raise ValueError("the data has no %r values (give %r, or a 'series' list)" % (key, key))
    return data[key]


def _line(line: Mapping[str, Any], i: int) -> Dict[str, Any]:
    x = [_metric_value(v) for v in line["x"]]
    y = [_metric_value(v) for v in line["y"]]
    if len(x) != len(y):
        raise ValueError("line %d has %d x values and %d y values" % (i + 1, len(x), len(y)))
    return {"name": str(line.get("name", "series %d" % (i + 1))), "x": x, "y": y}


def _table(rows: Any, columns: Optional[Sequence[str]]) -> Tuple[List[str], List[List[Any]]]:
    if isinstance(rows, Mapping):  # a dict of columns
        names = [str(name) for name in rows]
        lists = [list(values) for values in rows.values()]
        if len({len(values) for values in lists}) > 1:
            raise ValueError("the columns have different lengths")
        return names, [[_cell(values[i]) for values in lists] for i in range(len(lists[0]) if lists else 0)]
    rows = list(rows)
    if all(isinstance(row, Mapping) for row in rows) and columns is None:
        names = list(dict.fromkeys(str(key) for row in rows for key in row))
        return names, [[_cell(row.get(name)) for name in names] for row in rows]
    if columns is None:
        raise ValueError("rows that are not dicts need columns=[...]")
    names = [str(name) for name in columns]
    for i, row in enumerate(rows):
        if len(row) != len(names):
            raise ValueError("row %d has %d cells for %d columns" % (i + 1, len(row), len(names)))
    return names, [[_cell(v) for v in row] for row in rows]


def _cell(value: Any) -> Any:
    if hasattr(value, "item") and callable(value.item):
        value = value.item()  # a numpy scalar: its Python number
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _metric_value(value)
    return str(value)  # numpy scalars, dates, anything else: their text


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


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
    # One call: the version the ref names is fixed by it (a stage cannot move between two calls), and
    # --keep picks the per-version folder once the version is known, creating nothing when it fails.
    written = _cli_json(workspace, "resolve", ref, *(["--to", os.path.abspath(to)] if to is not None else ["--keep"]))
    return written["written"]["file"]


def _cli_command() -> List[str]:
    """``$MODEL_LEDGER_CLI``: a JSON list of arguments, or a command line split as the platform's shell would (backslashes kept on Windows)."""
    value = os.environ.get(_CLI_ENV)
    if not value:
        return ["model-ledger"]
    if value.lstrip().startswith("["):
        command = json.loads(value)
        if not isinstance(command, list) or not command or not all(isinstance(a, str) for a in command):
            raise RuntimeError(_CLI_ENV + " must be a JSON list of strings, such as [\"node\", \"C:\\\\ml\\\\cli.js\"], not " + value)
        return command
    if os.name != "nt":
        return shlex.split(value)
    # Windows: no escapes, so C:\Users\me\cli.js survives; quotes group words and are dropped.
    return [a[1:-1] if len(a) > 1 and a[0] == a[-1] and a[0] in "\"'" else a for a in shlex.split(value, posix=False)]


def _cli_json(workspace: str, *args: str) -> Dict[str, Any]:
    command = _cli_command()
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
