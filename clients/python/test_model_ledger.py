"""Tests of the run log client: python3 -m unittest discover -s clients/python -v"""

import hashlib
import io
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest
from unittest import mock

import model_ledger

try:
    import psycopg
except ImportError:
    psycopg = None

HERE = os.path.dirname(os.path.abspath(__file__))
HAS_GIT = shutil.which("git") is not None


def read_lines(run):
    """The run's lines, parsed strictly: a bare NaN or Infinity is not JSON."""
    with open(run.path, "rb") as file:
        data = file.read()
    assert data.endswith(b"\n"), "every line ends with a line break"

    def refuse(constant):
        raise AssertionError("non-standard JSON constant " + constant)

    return [json.loads(line, parse_constant=refuse) for line in data.decode("utf-8").split("\n")[:-1]]


def check_format(test, lines, run_id):
    """What docs/run-log-format.md requires of every file."""
    test.assertEqual(lines[0]["type"], "start")
    test.assertEqual(lines[0]["v"], 1)
    test.assertEqual(lines[0]["run_id"], run_id)
    for line in lines:
        test.assertIn(line["type"], ("start", "params", "tags", "metrics", "artifact", "input", "end"))
        test.assertIsInstance(line["t"], int)
        if line["type"] in ("params", "tags"):
            test.assertTrue(all(isinstance(v, str) for v in line["values"].values()))
        if line["type"] == "metrics":
            test.assertIsInstance(line["step"], int)
            for value in line["values"].values():
                test.assertTrue(isinstance(value, (int, float)) or value in ("NaN", "Infinity", "-Infinity"))
    test.assertEqual([line["type"] for line in lines].count("end"), 1)
    test.assertEqual(lines[-1]["type"], "end")


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, stdout=subprocess.PIPE).stdout.decode().strip()


class Workspace(unittest.TestCase):
    """Each test gets an empty workspace folder, outside any git repository."""

    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="model-ledger-py-"))
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)
        # Keep git from finding a repository above the temp folder.
        environment = mock.patch.dict(os.environ, GIT_CEILING_DIRECTORIES=os.path.dirname(self.root))
        environment.start()
        self.addCleanup(environment.stop)
        # Run logs only, whatever the developer's environment says; the team store's tests set it.
        os.environ.pop("MODEL_LEDGER_TEAM_URL", None)

    def write(self, relative, content):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(content)
        return path


class FormatTest(Workspace):
    def test_a_run_writes_valid_lines_of_every_type(self):
        data = self.write("data/train.csv", b"x,y\n1,2\n")
        with model_ledger.start_run(experiment="tuning", name="first", root=self.root) as run:
            run.log_params({"lr": 0.1, "layers": 3, "optimizer": "adam"})
            run.log_param("seed", 7)
            run.set_tags({"team": "vision"})
            run.set_tag("note", "a b/c")
            run.log_input(data)
            run.log_input("s3://bucket/val.csv")
            run.log_metric("loss", 0.5)
            run.log_metrics({"loss": 0.4, "acc": 0.8}, step=10)
            run.log_artifact(self.write("models/model.bin", b"weights"))
        lines = read_lines(run)
        check_format(self, lines, run.run_id)
        self.assertEqual(run.path, os.path.join(self.root, ".modelledger", "runs", run.run_id + ".jsonl"))
        start = lines[0]
        self.assertEqual((start["experiment"], start["name"], start["pid"]), ("tuning", "first", os.getpid()))
        self.assertIsNone(start["git"], "not a git repository")
        self.assertEqual(start["start_time"], start["t"])
        self.assertEqual(lines[1]["values"], {"lr": "0.1", "layers": "3", "optimizer": "adam"})
        inputs = [line for line in lines if line["type"] == "input"]
        self.assertEqual(inputs[0]["path"], "data/train.csv")
        self.assertEqual(inputs[0]["sha256"], hashlib.sha256(b"x,y\n1,2\n").hexdigest())
        self.assertEqual((inputs[1]["path"], inputs[1]["sha256"]), ("s3://bucket/val.csv", None))
        self.assertEqual(lines[-1]["status"], "finished")
        self.assertEqual(run.status, "finished")

    def test_an_evaluation_names_the_version_it_evaluates(self):
        with model_ledger.start_run(experiment="monitoring", root=self.root, evaluates="churn@v3.1.0") as run:
            run.log_metric("auc", 0.81)
        lines = read_lines(run)
        check_format(self, lines, run.run_id)
        self.assertEqual(lines[0]["evaluates"], "churn@v3.1.0")
        with model_ledger.start_run(experiment="training", root=self.root) as plain:
            pass
        self.assertIsNone(read_lines(plain)[0]["evaluates"])

    def test_an_evaluation_of_no_version_is_refused_before_anything_is_written(self):
        for bad in ("churn", "churn#prod", "@v1.0.0", "churn@", "churn @v1", 3):
            with self.assertRaises(ValueError, msg=repr(bad)):
                model_ledger.start_run(experiment="monitoring", root=self.root, evaluates=bad)
        self.assertFalse(os.path.exists(os.path.join(self.root, ".modelledger")))

    def test_the_workspace_folder_and_its_gitignore(self):
        nested = os.path.join(self.root, "src", "train")
        os.makedirs(nested)
        os.mkdir(os.path.join(self.root, ".git"))  # just the marker: no repository needed
        cwd = os.getcwd()
        os.chdir(nested)
        try:
            run = model_ledger.start_run(experiment="e")
            run.end()
        finally:
            os.chdir(cwd)
        self.assertEqual(run.root, self.root)
        with open(os.path.join(self.root, ".modelledger", ".gitignore"), encoding="utf-8") as ignore:
            self.assertIn("*", ignore.read().splitlines())

    def test_an_existing_gitignore_is_kept(self):
        self.write(".modelledger/.gitignore", b"*\n# mine\n")
        model_ledger.start_run(experiment="e", root=self.root).end()
        with open(os.path.join(self.root, ".modelledger", ".gitignore"), "rb") as ignore:
            self.assertEqual(ignore.read(), b"*\n# mine\n")

    def test_steps_count_up_per_key_when_not_given(self):
        with model_ledger.start_run(experiment="e", root=self.root) as run:
            run.log_metric("a", 1)
            run.log_metric("a", 2)
            run.log_metric("b", 1)
            run.log_metric("a", 3, step=10)
            run.log_metric("a", 4)
            run.log_metrics({"a": 5, "b": 2})
        steps = [(list(line["values"]), line["step"]) for line in read_lines(run) if line["type"] == "metrics"]
        self.assertEqual(steps, [(["a"], 0), (["a"], 1), (["b"], 0), (["a"], 10), (["a"], 11), (["a", "b"], 12)])

    def test_nan_and_infinity_are_spelled_as_strings(self):
        with model_ledger.start_run(experiment="e", root=self.root) as run:
            run.log_metrics({"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "x": 1.5}, step=0)
        metrics = [line for line in read_lines(run) if line["type"] == "metrics"][0]
        self.assertEqual(metrics["values"], {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity", "x": 1.5})

    def test_an_artifact_has_its_sha256_and_size(self):
        content = os.urandom(3 * (1 << 20) + 5)  # more than one read chunk
        path = self.write("out/model.pt", content)
        with model_ledger.start_run(experiment="e", root=self.root) as run:
            run.log_artifact(path)
            with self.assertRaises(FileNotFoundError):
                run.log_artifact(os.path.join(self.root, "missing.pt"))
        artifact = [line for line in read_lines(run) if line["type"] == "artifact"]
        self.assertEqual(artifact, [dict(artifact[0], path="out/model.pt", sha256=hashlib.sha256(content).hexdigest(), size=len(content))])

    def test_lines_from_many_threads_never_interleave(self):
        with model_ledger.start_run(experiment="e", root=self.root) as run:
            def log(name):
                for step in range(200):
                    run.log_metric(name, step, step=step)
                    run.set_tag(name, "x" * 10000)  # long lines too: more than a pipe's atomic write

            threads = [threading.Thread(target=log, args=("t%d" % i,)) for i in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        lines = read_lines(run)
        check_format(self, lines, run.run_id)
        self.assertEqual(len(lines), 2 + 8 * 200 * 2)

    def test_nothing_is_written_after_the_end(self):
        run = model_ledger.start_run(experiment="e", root=self.root)
        run.end("finished")
        run.end("failed")  # ignored: a run ends once
        with self.assertRaises(RuntimeError):
            run.log_metric("late", 1)
        self.assertEqual([line["type"] for line in read_lines(run)], ["start", "end"])


class StatusTest(Workspace):
    def test_an_exception_marks_the_run_failed_and_propagates(self):
        with self.assertRaises(ZeroDivisionError):
            with model_ledger.start_run(experiment="e", root=self.root) as run:
                run.log_metric("loss", 1.0)
                _ = 1 / 0
        self.assertEqual(read_lines(run)[-1]["status"], "failed")

    def test_keyboard_interrupt_marks_the_run_killed_and_propagates(self):
        with self.assertRaises(KeyboardInterrupt):
            with model_ledger.start_run(experiment="e", root=self.root) as run:
                raise KeyboardInterrupt
        self.assertEqual(read_lines(run)[-1]["status"], "killed")

    def test_sys_exit_zero_is_a_finished_run(self):
        with self.assertRaises(SystemExit):
            with model_ledger.start_run(experiment="e", root=self.root) as run:
                sys.exit(0)
        self.assertEqual(read_lines(run)[-1]["status"], "finished")

    def test_the_previous_sigterm_handler_is_restored(self):
        before = signal.getsignal(signal.SIGTERM)
        with model_ledger.start_run(experiment="e", root=self.root):
            self.assertNotEqual(signal.getsignal(signal.SIGTERM), before)
        self.assertEqual(signal.getsignal(signal.SIGTERM), before)

    @unittest.skipIf(sys.platform == "win32", "SIGTERM is POSIX")
    def test_sigterm_marks_the_run_killed_and_exits_143(self):
        script = textwrap.dedent("""
            import sys, time, model_ledger
            with model_ledger.start_run(experiment="e", root=sys.argv[1]) as run:
                run.log_metric("loss", 1.0)
                print(run.path, flush=True)
                time.sleep(60)
        """)
        env = dict(os.environ, PYTHONPATH=HERE, PYTHONDONTWRITEBYTECODE="1")
        child = subprocess.Popen([sys.executable, "-c", script, self.root], stdout=subprocess.PIPE, env=env)
        path = child.stdout.readline().decode().strip()
        child.send_signal(signal.SIGTERM)
        self.assertEqual(child.wait(timeout=30), 143)
        child.stdout.close()
        with open(path, "rb") as file:
            lines = [json.loads(line) for line in file.read().decode().splitlines()]
        self.assertEqual([line["type"] for line in lines], ["start", "metrics", "end"])
        self.assertEqual(lines[-1]["status"], "killed")


@unittest.skipUnless(HAS_GIT, "needs git")
class GitTest(Workspace):
    def setUp(self):
        super().setUp()
        git(self.root, "init", "-q", "-b", "main")
        git(self.root, "config", "user.email", "t@example.invalid")
        git(self.root, "config", "user.name", "T")
        git(self.root, "config", "commit.gpgsign", "false")
        self.write("train.py", b"print('train')\n")
        git(self.root, "add", "train.py")
        git(self.root, "commit", "-q", "-m", "first")

    def start_git(self):
        run = model_ledger.start_run(experiment="e", root=self.root)
        run.end()
        return read_lines(run)[0]["git"]

    def test_commit_branch_and_a_clean_tree(self):
        self.assertEqual(self.start_git(), {"commit": git(self.root, "rev-parse", "HEAD"), "branch": "main", "dirty": False})
        self.assertEqual(self.start_git()["dirty"], False, "the run log itself does not make the tree dirty")

    def test_a_changed_file_makes_the_tree_dirty(self):
        self.write("train.py", b"print('changed')\n")
        self.assertTrue(self.start_git()["dirty"])

    def test_a_detached_head_has_no_branch(self):
        git(self.root, "checkout", "-q", "--detach")
        self.assertIsNone(self.start_git()["branch"])

    def test_a_repository_without_commits_has_no_git_state(self):
        shutil.rmtree(os.path.join(self.root, ".git"))
        git(self.root, "init", "-q")
        self.assertIsNone(self.start_git())


class RetrainsTest(Workspace):
    """The link "Retrain from Version…" makes: MODEL_LEDGER_RETRAINS (or retrains=) in the start line."""

    def start_line(self, **kwargs):
        run = model_ledger.start_run(experiment="e", root=self.root, **kwargs)
        run.end()
        return read_lines(run)[0]

    def test_the_argument_is_written_in_the_start_line(self):
        self.assertEqual(self.start_line(retrains="churn@v3.1.0")["retrains"], "churn@v3.1.0")

    def test_the_environment_variable_is_the_default(self):
        with mock.patch.dict(os.environ, MODEL_LEDGER_RETRAINS="team/churn@v2.0.0"):
            self.assertEqual(self.start_line()["retrains"], "team/churn@v2.0.0")
            self.assertEqual(self.start_line(retrains="churn@v1.0.0")["retrains"], "churn@v1.0.0", "the argument wins")

    def test_no_link_writes_no_field(self):
        with mock.patch.dict(os.environ, MODEL_LEDGER_RETRAINS=""):
            self.assertNotIn("retrains", self.start_line())

    def test_a_value_that_is_not_model_at_version_is_refused_before_anything_is_written(self):
        for bad in ("churn", "@v1", "churn@", " churn@v1", "churn@v1\n"):
            with self.subTest(bad=bad), self.assertRaisesRegex(ValueError, "model@version"):
                model_ledger.start_run(experiment="e", root=self.root, retrains=bad)
        self.assertFalse(os.path.exists(os.path.join(self.root, ".modelledger", "runs")))

    def test_model_ledger_root_logs_into_the_workspace_with_the_current_folders_commit(self):
        if not HAS_GIT:
            self.skipTest("git is not installed")
        code = os.path.join(self.root, "code")
        os.makedirs(code)
        git(code, "init", "-q", "-b", "retrain/churn")
        git(code, "-c", "user.email=t@example.invalid", "-c", "user.name=T", "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", "c")
        previous = os.getcwd()
        os.chdir(code)
        self.addCleanup(os.chdir, previous)
        with mock.patch.dict(os.environ, MODEL_LEDGER_ROOT=self.root, MODEL_LEDGER_RETRAINS="churn@v3.1.0"):
            run = model_ledger.start_run(experiment="e")
        run.end()
        self.assertEqual(os.path.dirname(run.path), os.path.join(self.root, ".modelledger", "runs"))
        start = read_lines(run)[0]
        self.assertEqual(start["git"]["commit"], git(code, "rev-parse", "HEAD"))
        self.assertEqual(start["git"]["branch"], "retrain/churn")
        self.assertEqual(start["retrains"], "churn@v3.1.0")


FIXTURES = os.path.join(HERE, "..", "..", "test", "fixtures", "real")
PNG = os.path.join(FIXTURES, "aansai__End-to-End-Pipeline-for-ML-Project", "mlruns", "1", "df3cf85b43754fe69f71427460243a8e", "artifacts", "confusion_matrix.png")
JPEG = os.path.join(FIXTURES, "Brycenvn__dvc-yolov8", "dvclive", "plots", "images", "train", "labels.jpg")


def read_bytes(path):
    with open(path, "rb") as file:
        return file.read()


def read_json(path):
    def refuse(constant):
        raise AssertionError("non-standard JSON constant " + constant)

    with open(path, "rb") as file:
        return json.loads(file.read().decode("utf-8"), parse_constant=refuse)


class MediaTest(Workspace):
    def setUp(self):
        super().setUp()
        self.run = model_ledger.start_run(experiment="e", root=self.root)
        self.addCleanup(self.run.end)
        self.media = os.path.join(self.root, ".modelledger", "media", self.run.run_id)

    def listing(self):
        found = []
        for folder, _dirs, files in os.walk(self.media):
            found += [os.path.relpath(os.path.join(folder, f), self.media).replace(os.sep, "/") for f in files]
        return sorted(found)

    def test_images_per_step_and_without_a_step_from_a_path_or_bytes(self):
        self.run.log_image("val/samples", PNG, step=0)
        self.run.log_image("val/samples", read_bytes(JPEG), step=10)
        written = self.run.log_image("labels", read_bytes(JPEG))
        self.assertEqual(self.listing(), ["figures/labels.jpg", "images/val/samples/0.png", "images/val/samples/10.jpg"])
        self.assertEqual(written, os.path.join(self.media, "figures", "labels.jpg"))
        self.assertEqual(read_bytes(os.path.join(self.media, "images", "val", "samples", "0.png")), read_bytes(PNG))

    def test_an_image_logged_again_at_a_step_replaces_it_in_any_format(self):
        self.run.log_image("samples", PNG, step=3)
        self.run.log_image("samples", JPEG, step=3)
        self.assertEqual(self.listing(), ["images/samples/3.jpg"])

    def test_bytes_that_are_no_image_and_bad_keys_are_refused_before_anything_is_written(self):
        with self.assertRaisesRegex(ValueError, "not a PNG, JPEG, GIF, WebP or SVG"):
            self.run.log_image("k", b"hello")
        with self.assertRaisesRegex(ValueError, "not an image file"):
            self.run.log_image("k", self.write("notes.txt", b"x"))
        for bad in ("", "../up", "a//b", ".hidden", "a/b\\c", "x" * 201, "tab\there", "trailing.", "a /b"):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                self.run.log_image(bad, PNG)
        self.assertFalse(os.path.exists(self.media))

    def test_windows_device_names_are_refused_with_any_extension_and_case(self):
        for bad in ("con", "NUL", "aux.tar.gz", "com1", "Lpt9.x", "val/prn", "COM3/x"):
            with self.subTest(bad=bad), self.assertRaisesRegex(ValueError, "device name on Windows"):
                self.run.log_table(bad, [{"a": 1}])
        self.assertFalse(os.path.exists(self.media))
        for fine in ("console", "com10", "nullable", "lpt", "aux_data"):
            self.run.log_table(fine, [{"a": 1}])
        self.assertEqual(len(self.listing()), 5)

    def test_a_name_differing_only_by_case_from_existing_media_is_refused_not_overwritten(self):
        self.run.log_table("errors", [{"a": 1}])
        with self.assertRaisesRegex(ValueError, "differs only by case from .*errors.json"):
            self.run.log_table("Errors", [{"a": 2}])
        self.run.log_image("val/a", PNG)
        with self.assertRaisesRegex(ValueError, "differs only by case from .*val"):
            self.run.log_image("Val/b", PNG)
        self.run.log_table("errors", [{"a": 3}])  # the same spelling replaces, as before
        self.assertEqual(self.listing(), ["figures/val/a.png", "tables/errors.json"])
        with open(os.path.join(self.media, "tables", "errors.json")) as file:
            self.assertEqual(json.load(file)["data"], [[3]])

    def test_a_confusion_matrix_from_classes_or_counts(self):
        self.run.log_plot("cm", "confusion", {"actual": [1, 0, 1, 10], "predicted": [1, 1, 0, 10]})
        self.run.log_plot("cm counts", "confusion", {"labels": ["cat", "dog"], "counts": [[5, 1], [2, 7]]}, title="Pets")
        self.assertEqual(
            read_json(os.path.join(self.media, "plots", "cm.json")),
            {"v": 1, "kind": "confusion", "title": "cm", "labels": ["0", "1", "10"], "counts": [[0, 1, 0], [1, 1, 0], [0, 0, 1]]},
        )
        self.assertEqual(read_json(os.path.join(self.media, "plots", "cm counts.json"))["title"], "Pets")
        with self.assertRaisesRegex(ValueError, "square"):
            self.run.log_plot("bad", "confusion", {"labels": ["a", "b"], "counts": [[1, 2]]})

    def test_curves_by_axis_names_or_series_with_nan_spelled_as_text(self):
        self.run.log_plot("roc", "roc", {"fpr": [0, 0.5, 1], "tpr": [0, 0.8, 1]})
        self.run.log_plot("loss", "xy", {"series": [{"name": "a", "x": [1, 2], "y": [0.5, float("nan")]}]}, x_label="epoch", y_label="loss")
        self.assertEqual(
            read_json(os.path.join(self.media, "plots", "roc.json")),
            {"v": 1, "kind": "roc", "title": "roc", "x_label": "False Positive Rate", "y_label": "True Positive Rate", "series": [{"name": "tpr", "x": [0.0, 0.5, 1.0], "y": [0.0, 0.8, 1.0]}]},
        )
        self.assertEqual(read_json(os.path.join(self.media, "plots", "loss.json"))["series"][0]["y"], [0.5, "NaN"])
        with self.assertRaisesRegex(ValueError, "no 'recall' values"):
            self.run.log_plot("pr", "precision_recall", {"precision": [1]})
        with self.assertRaisesRegex(ValueError, "kind must be"):
            self.run.log_plot("pie", "pie", {})

    def test_tables_from_dicts_lists_or_columns_in_mlflows_layout(self):
        self.run.log_table("dicts", [{"id": 1, "label": "cat"}, {"id": 2, "score": 0.5}])
        self.run.log_table("lists", [[1, True], [2, None]], columns=["id", "ok"])
        self.run.log_table("columns", {"a": [1, 2], "b": ["x", "y"]})
        self.assertEqual(read_json(os.path.join(self.media, "tables", "dicts.json")), {"columns": ["id", "label", "score"], "data": [[1, "cat", None], [2, None, 0.5]]})
        self.assertEqual(read_json(os.path.join(self.media, "tables", "lists.json")), {"columns": ["id", "ok"], "data": [[1, True], [2, None]]})
        self.assertEqual(read_json(os.path.join(self.media, "tables", "columns.json")), {"columns": ["a", "b"], "data": [[1, "x"], [2, "y"]]})
        with self.assertRaisesRegex(ValueError, "need columns"):
            self.run.log_table("bad", [[1, 2]])

    def test_no_media_after_the_end_and_no_line_in_the_run_log(self):
        self.run.log_image("k", PNG)
        self.run.end()
        with self.assertRaisesRegex(RuntimeError, "has ended"):
            self.run.log_image("k", PNG, step=1)
        self.assertEqual([line["type"] for line in read_lines(self.run)], ["start", "end"])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TeamWorkspace(Workspace):
    """A workspace whose runs go to the team store at ``url``; stderr captured, notices given afresh."""

    def use_team_store(self, url):
        os.environ["MODEL_LEDGER_TEAM_URL"] = url
        model_ledger._TEAM_NOTICES.clear()
        self.stderr = io.StringIO()
        patcher = mock.patch.object(sys, "stderr", self.stderr)
        patcher.start()
        self.addCleanup(patcher.stop)

    def notices(self):
        return [line for line in self.stderr.getvalue().splitlines() if line.startswith("model_ledger: ")]

    def log_a_run(self, points=3):
        with model_ledger.start_run(experiment="team", root=self.root) as run:
            run.log_params({"lr": 0.1})
            for step in range(points):
                run.log_metric("loss", 1.0 / (step + 1), step=step)
        return run


class TeamFallbackTest(TeamWorkspace):
    """Without psycopg or a server, runs go to the run log alone, and the client says so once."""

    def test_without_psycopg_runs_go_to_the_run_log_and_it_is_said_once(self):
        self.use_team_store("postgresql://someone@127.0.0.1:%d/team" % free_port())
        with mock.patch.dict(sys.modules, {"psycopg": None}):  # what `import psycopg` meets when it is not installed
            runs = [self.log_a_run(), self.log_a_run()]
        self.assertEqual(len(self.notices()), 1, self.stderr.getvalue())
        self.assertIn("psycopg 3 is not installed", self.notices()[0])
        self.assertIn("model-ledger team push", self.notices()[0])
        for run in runs:
            lines = read_lines(run)
            check_format(self, lines, run.run_id)
            self.assertEqual([line["type"] for line in lines], ["start", "params", "metrics", "metrics", "metrics", "end"])

    @unittest.skipIf(psycopg is None, "needs psycopg 3")
    def test_an_unreachable_server_is_said_once_without_the_password(self):
        self.use_team_store("postgresql://someone:secret-word@127.0.0.1:%d/team" % free_port())
        runs = [self.log_a_run(), self.log_a_run()]
        self.assertEqual(len(self.notices()), 1, self.stderr.getvalue())
        self.assertIn("cannot connect to the team store at postgresql://someone@127.0.0.1:", self.notices()[0])
        self.assertNotIn("secret-word", self.stderr.getvalue())
        for run in runs:
            check_format(self, read_lines(run), run.run_id)

    @unittest.skipIf(psycopg is None, "needs psycopg 3")
    def test_a_libpq_keyword_string_is_not_repeated_in_the_notice(self):
        self.use_team_store("host=127.0.0.1 port=%d user=someone password=secret-word dbname=team" % free_port())
        run = self.log_a_run()
        check_format(self, read_lines(run), run.run_id)
        self.assertEqual(len(self.notices()), 1, self.stderr.getvalue())
        self.assertIn("cannot connect to the team store at the server MODEL_LEDGER_TEAM_URL names", self.notices()[0])
        self.assertNotIn("secret-word", self.stderr.getvalue())


TEAM_URL = os.environ.get("MODEL_LEDGER_TEST_TEAM_URL")


@unittest.skipUnless(TEAM_URL and psycopg, "needs psycopg 3 and MODEL_LEDGER_TEST_TEAM_URL, a superuser's URL of a database after `model-ledger team init` and the roles of src/team/roles.ts (test/unit/team/pythonClient.test.ts gives both)")
class TeamStoreTest(TeamWorkspace):
    """Runs written straight to a real team store (PostgreSQL, the schema of src/team/schema/migrations.ts)."""

    def setUp(self):
        super().setUp()
        self.use_team_store(TEAM_URL)
        self.db = psycopg.connect(TEAM_URL, autocommit=True)
        self.addCleanup(self.db.close)

    def query(self, sql, *params):
        return self.db.execute(sql, params).fetchall()

    def test_a_run_its_params_tags_inputs_and_points_are_on_the_server_and_in_the_run_log(self):
        data = self.write("data/train.csv", b"x,y\n1,2\n")
        values = [0.5, float("nan"), float("inf"), -2.0] + [1.0 / n for n in range(1, 37)]
        with model_ledger.start_run(experiment="team-e", name="first", root=self.root) as run:
            run.log_params({"lr": 0.1, "layers": 3})
            run.set_tags({"stage": "dev"})
            run.log_input(data)
            for step, value in enumerate(values):
                run.log_metrics({"loss": value, "acc": step / 40}, step=step)
        [(owner, *row)] = self.query("SELECT owner, experiment_id, name, status, pushed_from, origin_source, origin_path FROM model_ledger.runs WHERE id = %s", run.run_id)
        # The user part is the account's name, as `team push` gives it (test/unit/team/pythonClient.test.ts compares the two).
        self.assertRegex(owner, "^[^@]+@%s$" % re.escape(socket.gethostname()))
        self.assertEqual(row, ["native:.modelledger/runs#team-e", "first", "finished", socket.gethostname(), "native", ".modelledger/runs/%s.jsonl" % run.run_id])
        self.assertEqual(self.query("SELECT name FROM model_ledger.experiments WHERE id = 'native:.modelledger/runs#team-e'"), [("team-e",)])
        self.assertEqual(self.query("SELECT key, value FROM model_ledger.params WHERE run_id = %s ORDER BY key", run.run_id), [("layers", "3"), ("lr", "0.1")])
        self.assertEqual(self.query("SELECT key, value FROM model_ledger.tags WHERE run_id = %s", run.run_id), [("stage", "dev")])
        self.assertEqual(self.query("SELECT path, sha256 FROM model_ledger.run_inputs WHERE run_id = %s", run.run_id), [("data/train.csv", hashlib.sha256(b"x,y\n1,2\n").hexdigest())])
        series = dict((key, rest) for key, *rest in self.query(
            "SELECT key, id, count, last_step, last_value, min_value, max_value FROM model_ledger.metric_series WHERE run_id = %s", run.run_id))
        self.assertEqual(series["loss"][1:], [40, 39, 1.0 / 36, -2.0, 1.0])  # min and max leave NaN and infinities out
        self.assertEqual(series["acc"][1:3], [40, 39])
        points = self.query("SELECT ordinal, step, value FROM model_ledger.metric_points WHERE series_id = %s ORDER BY ordinal", series["loss"][0])
        self.assertEqual([p[:2] for p in points], [(i, i) for i in range(40)])
        self.assertTrue(math.isnan(points[1][2]))
        self.assertEqual([p[2] for p in points[2:]], values[2:])
        # The pyramid, kept by the schema's function: 40 points are 3 summaries of 16, then 1 over them.
        self.assertEqual(self.query("SELECT level, count(*), sum(count) FROM model_ledger.metric_pyramid WHERE series_id = %s GROUP BY level ORDER BY level", series["loss"][0]), [(1, 3, 40), (2, 1, 40)])
        lines = read_lines(run)
        check_format(self, lines, run.run_id)
        self.assertEqual(sum(1 for line in lines if line["type"] == "metrics"), 40)
        self.assertEqual(self.notices(), [])

    def test_points_reach_the_server_and_its_listeners_while_the_run_goes_on(self):
        listener = psycopg.connect(TEAM_URL, autocommit=True)
        self.addCleanup(listener.close)
        payloads = []
        listener.add_notify_handler(lambda notification: payloads.append(json.loads(notification.payload)))
        listener.execute("LISTEN model_ledger")
        with model_ledger.start_run(experiment="team-live", root=self.root) as run:
            run.log_metric("loss", 0.25, step=0)
            deadline = time.monotonic() + 10
            while {"kind": "points", "experiment": "native:.modelledger/runs#team-live", "run": run.run_id} not in payloads:
                self.assertLess(time.monotonic(), deadline, "no notification of the points: %r" % payloads)
                listener.execute("SELECT 1")  # a round trip delivers what the server sent meanwhile
                time.sleep(0.05)
            self.assertIn({"kind": "run", "experiment": "native:.modelledger/runs#team-live", "run": run.run_id}, payloads)
            self.assertEqual(self.query("SELECT s.count, s.last_value FROM model_ledger.metric_series s WHERE s.run_id = %s", run.run_id), [(1, 0.25)])
            self.assertEqual(self.query("SELECT status FROM model_ledger.runs WHERE id = %s", run.run_id), [("running",)])

    def test_points_a_push_of_the_run_log_sent_first_are_not_sent_again(self):
        with mock.patch.object(model_ledger, "_TEAM_FLUSH_SECONDS", 600):  # nothing sent until the end
            with model_ledger.start_run(experiment="team-race", root=self.root) as run:
                for step in range(3):
                    run.log_metric("loss", step / 10, step=step)
                # Meanwhile a `team push` of this run's log (an editor's auto-push) sends its first two points.
                (series,) = self.query("INSERT INTO model_ledger.metric_series (run_id, key) VALUES (%s, 'loss') RETURNING id", run.run_id)[0]
                self.db.execute("INSERT INTO model_ledger.metric_points (series_id, ordinal, step, timestamp, value) VALUES (%s, 0, 0, 1, 0.0), (%s, 1, 1, 2, 0.1)", (series, series))
                self.db.execute("SELECT model_ledger.points_appended(%s)", (series,))
                run.log_metric("loss", 0.3, step=3)
        points = self.query("SELECT ordinal, step, value FROM model_ledger.metric_points WHERE series_id = %s ORDER BY ordinal", series)
        self.assertEqual(points, [(0, 0, 0.0), (1, 1, 0.1), (2, 2, 0.2), (3, 3, 0.3)])
        self.assertEqual(self.query("SELECT count FROM model_ledger.metric_series WHERE id = %s", series), [(4,)])

    def test_a_param_with_another_value_is_refused_and_written_nowhere(self):
        with model_ledger.start_run(experiment="team-params", root=self.root) as run:
            run.log_param("lr", 0.1)
            run.log_param("lr", 0.1)  # the same value again is no change
            with self.assertRaisesRegex(ValueError, "param lr of run %s is already 0.1 on the team store; params never change" % run.run_id):
                run.log_params({"lr": 0.2, "epochs": 5})
        self.assertEqual(self.query("SELECT key, value FROM model_ledger.params WHERE run_id = %s", run.run_id), [("lr", "0.1")])
        self.assertEqual([line["values"] for line in read_lines(run) if line["type"] == "params"], [{"lr": "0.1"}, {"lr": "0.1"}])

    def test_a_connection_cut_mid_run_loses_nothing_the_run_log_has_every_point(self):
        with model_ledger.start_run(experiment="team-cut", root=self.root) as run:
            for step in range(5):
                run.log_metric("loss", step, step=step)
            self.wait_for_points(run.run_id, 5)
            # What a server restart or a dropped network does to the client's connection.
            self.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'model_ledger.py'")
            for step in range(5, 12):
                run.log_metric("loss", step, step=step)
        self.assertEqual(len(self.notices()), 1, self.stderr.getvalue())
        self.assertRegex(self.notices()[0], "stopped taking run %s .*the run goes on in its run log .*model-ledger team push" % run.run_id)
        self.assertEqual(self.query("SELECT count FROM model_ledger.metric_series WHERE run_id = %s", run.run_id), [(5,)])
        lines = read_lines(run)
        check_format(self, lines, run.run_id)
        self.assertEqual([line["step"] for line in lines if line["type"] == "metrics"], list(range(12)))
        self.assertEqual(lines[-1]["status"], "finished")

    def test_a_database_without_the_team_store_is_said_and_the_run_log_kept(self):
        self.db.execute("DROP DATABASE IF EXISTS no_team_store")
        self.db.execute("CREATE DATABASE no_team_store")
        self.addCleanup(self.db.execute, "DROP DATABASE no_team_store WITH (FORCE)")
        parts = model_ledger.urlsplit(TEAM_URL)
        self.use_team_store(parts._replace(path="/no_team_store").geturl())
        run = self.log_a_run()
        self.assertEqual(len(self.notices()), 1, self.stderr.getvalue())
        self.assertIn("has no Model Ledger team store yet (run `model-ledger team init` first)", self.notices()[0])
        check_format(self, read_lines(run), run.run_id)

    def login_role(self, name, group=None):
        """A login role, in one of the team store's group roles (src/team/roles.ts) or none; its URL."""
        self.db.execute("DROP ROLE IF EXISTS %s" % name)
        self.db.execute("CREATE ROLE %s LOGIN PASSWORD 'pw-%s'" % (name, name) + (" IN ROLE " + group if group else ""))
        self.addCleanup(self.db.execute, "DROP ROLE %s" % name)
        parts = model_ledger.urlsplit(TEAM_URL)
        return parts._replace(netloc="%s:pw-%s@%s:%d" % (name, name, parts.hostname, parts.port)).geturl()

    def test_a_writer_role_has_every_right_the_client_needs(self):
        self.use_team_store(self.login_role("python_writer", "model_ledger_writer"))
        run = self.log_a_run(points=40)
        self.assertEqual(self.notices(), [])
        self.assertEqual(self.query("SELECT status, db_role FROM model_ledger.runs WHERE id = %s", run.run_id), [("finished", "python_writer")])
        self.assertEqual(self.query("SELECT count FROM model_ledger.metric_series WHERE run_id = %s", run.run_id), [(40,)])

    def test_a_read_only_role_is_said_once_and_the_run_log_kept(self):
        self.use_team_store(self.login_role("python_reader", "model_ledger_reader"))
        runs = [self.log_a_run(), self.log_a_run()]
        self.assertEqual(len(self.notices()), 2, self.stderr.getvalue())  # one per run: each names its run log
        self.assertRegex(self.notices()[0], "stopped taking run %s \\(permission denied for table experiments\\)" % runs[0].run_id)
        self.assertEqual(self.query("SELECT count(*) FROM model_ledger.runs WHERE id = ANY(%s)", [run.run_id for run in runs]), [(0,)])
        for run in runs:
            check_format(self, read_lines(run), run.run_id)

    def test_a_role_without_rights_on_the_team_store_is_said_and_the_run_log_kept(self):
        self.use_team_store(self.login_role("python_nobody"))
        run = self.log_a_run()
        self.assertEqual(len(self.notices()), 1, self.stderr.getvalue())
        self.assertIn("cannot be read (permission denied for schema model_ledger)", self.notices()[0])
        check_format(self, read_lines(run), run.run_id)

    def wait_for_points(self, run_id, count):
        deadline = time.monotonic() + 10
        while self.query("SELECT count FROM model_ledger.metric_series WHERE run_id = %s AND count >= %s", run_id, count) == []:
            self.assertLess(time.monotonic(), deadline, "the points never reached the server")
            time.sleep(0.05)


class CliCommandTest(unittest.TestCase):
    """$MODEL_LEDGER_CLI as the resolve client reads it."""

    def command(self, value, os_name):
        with mock.patch.dict(os.environ, {"MODEL_LEDGER_CLI": value}), mock.patch.object(model_ledger.os, "name", os_name):
            return model_ledger._cli_command()

    def test_windows_paths_keep_their_backslashes(self):
        self.assertEqual(self.command(r'node C:\ml\dist\cli.js', "nt"), ["node", r"C:\ml\dist\cli.js"])
        self.assertEqual(self.command(r'"C:\Program Files\nodejs\node.exe" C:\ml\cli.js', "nt"), [r"C:\Program Files\nodejs\node.exe", r"C:\ml\cli.js"])

    def test_posix_command_lines_split_as_a_shell_would(self):
        self.assertEqual(self.command("node '/opt/model ledger/cli.js'", "posix"), ["node", "/opt/model ledger/cli.js"])

    def test_a_json_list_is_taken_as_the_arguments(self):
        self.assertEqual(self.command('["node", "C:\\\\ml\\\\cli.js"]', "nt"), ["node", r"C:\ml\cli.js"])
        with self.assertRaisesRegex(RuntimeError, "must be a JSON list of strings"):
            self.command('["node", 3]', "posix")

    def test_unset_is_the_command_on_path(self):
        with mock.patch.dict(os.environ, {}, clear=False):
            os.environ.pop("MODEL_LEDGER_CLI", None)
            self.assertEqual(model_ledger._cli_command(), ["model-ledger"])


if __name__ == "__main__":
    unittest.main()
