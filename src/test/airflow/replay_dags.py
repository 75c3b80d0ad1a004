"""Replays, against a running ORM Task Runner, the HTTP exchange each example DAG in deploy/airflow/dags makes.

Airflow cannot be installed where this project is built, so this does what Airflow's HTTP provider would do, with
the same library (requests) and the same steps, and nothing more:

- the DAG files are loaded as they are, with a stand-in for the few Airflow names they import (stubs/airflow);
- each operator's templated fields (endpoint, data, headers; request_params for the sensor) are rendered with Jinja2
  in Airflow's way (StrictUndefined; the ds filter; dag, run_id, ti, data_interval_start, ...) for a given logical
  date, DAG run and try number;
- the request is made as HttpHook.run makes it: base URL from the connection (AIRFLOW_CONN_ORMTASK, Airflow's JSON
  form), HTTP Basic auth from its login/password, its extras as headers, data as body (as query for GET);
- a status >= 400 fails the task (raise_for_status); then response_check (False fails the task, or makes the sensor
  poke again) and response_filter (pushed to XCom). A sensor's 404 means poke again.

For each DAG it checks: a succeeding task passes; a failing task fails; an Airflow retry after a lost connection gets
the same run; an Airflow retry after a failed run starts a new attempt, linked to the failed one. The example tasks
succeed, so the failing cases replay the same operator with its endpoint's task swapped for fail-on-purpose (and no
parameters) -- the one change made to what the DAG file says.

Usage: AIRFLOW_CONN_ORMTASK='{"conn_type": "http", "host": "127.0.0.1", "port": 8080, "login": "airflow",
"password": "<token>"}' python3 replay_dags.py deploy/airflow/dags
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import sys
import time
import traceback
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import jinja2
import requests
from requests.auth import HTTPBasicAuth

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "stubs"))

from airflow import _replay_stub as stub  # noqa: E402

LOGICAL_DATE = datetime(2026, 10, 1, tzinfo=timezone.utc)
FAILING_TASK = "fail-on-purpose"
# Sensors poke every poke_interval seconds in Airflow; the replay pokes sooner (the exchange is the same).
REPLAY_POKE_SECONDS = 0.5
SENSOR_BOUND_SECONDS = 120


class AirflowException(Exception):
    """What the provider raises: the task (this try) fails."""


# --- The connection and the hook -------------------------------------------------------------------------------------


class Connection:
    """An Airflow connection in its JSON form (AIRFLOW_CONN_<ID>)."""

    def __init__(self, conn_id: str):
        raw = os.environ.get("AIRFLOW_CONN_" + conn_id.upper())
        if not raw:
            raise SystemExit(f"AIRFLOW_CONN_{conn_id.upper()} is not set")
        conn = json.loads(raw)
        self.host = conn.get("host")
        self.schema = conn.get("schema") or "http"
        self.port = conn.get("port")
        self.login = conn.get("login")
        self.password = conn.get("password")
        extra = conn.get("extra") or {}
        self.extra = json.loads(extra) if isinstance(extra, str) else dict(extra)

    def base_url(self) -> str:
        if "://" in self.host:
            return self.host
        url = f"{self.schema}://{self.host}"
        return f"{url}:{self.port}" if self.port else url


class HttpHook:
    """HttpHook.run as the provider does it: session, auth, extras as headers, URL, Request, check_response."""

    def __init__(self, method: str, conn_id: str):
        self.method = method.upper()
        self.conn = Connection(conn_id)

    def session(self, headers: dict | None) -> requests.Session:
        session = requests.Session()
        if self.conn.login:
            session.auth = HTTPBasicAuth(self.conn.login, self.conn.password)
        extra = {k: v for k, v in self.conn.extra.items() if k not in (
            "stream", "cert", "proxies", "proxy", "timeout", "verify", "verify_ssl", "allow_redirects",
            "max_redirects", "trust_env", "check_response")}
        session.headers.update(extra)
        if headers:
            session.headers.update(headers)
        return session

    def url(self, endpoint: str | None) -> str:
        base = self.conn.base_url()
        if base and not base.endswith("/") and endpoint and not endpoint.startswith("/"):
            return f"{base}/{endpoint}"
        return (base or "") + (endpoint or "")

    def prepare(self, endpoint, data, headers) -> tuple[requests.Session, requests.PreparedRequest]:
        session = self.session(headers)
        url = self.url(endpoint)
        if self.method == "GET":
            request = requests.Request(self.method, url, params=data, headers=headers)
        else:
            request = requests.Request(self.method, url, data=data, headers=headers)
        return session, session.prepare_request(request)

    def run(self, endpoint, data, headers, extra_options) -> requests.Response:
        extra_options = dict(extra_options or {})
        session, prepared = self.prepare(endpoint, data, headers)
        response = session.send(prepared, timeout=extra_options.get("timeout"),
                                allow_redirects=extra_options.get("allow_redirects", True))
        if extra_options.get("check_response", True):
            try:
                response.raise_for_status()
            except requests.HTTPError:
                raise AirflowException(f"{response.status_code}:{response.reason}") from None
        return response

    def send_and_lose(self, endpoint, data, headers, hold_seconds: float) -> None:
        """Sends the request, keeps the connection for a moment, then drops it without reading any answer: what
        Airflow sees when the network or its worker goes away while it waits."""
        _, prepared = self.prepare(endpoint, data, headers)
        target = urlsplit(prepared.url)
        lines = [f"{prepared.method} {prepared.path_url} HTTP/1.1", f"Host: {target.netloc}"]
        lines += [f"{name}: {value}" for name, value in prepared.headers.items()]
        body = prepared.body or b""
        if isinstance(body, str):
            body = body.encode()
        with socket.create_connection((target.hostname, target.port or 80), timeout=10) as s:
            s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            time.sleep(hold_seconds)


# --- Templates, tasks and DAG runs -----------------------------------------------------------------------------------


JINJA = jinja2.Environment(undefined=jinja2.StrictUndefined)
JINJA.filters["ds"] = lambda value: value.strftime("%Y-%m-%d")
JINJA.filters["ds_nodash"] = lambda value: value.strftime("%Y%m%d")


def render(value, context):
    """Renders a templated field as Airflow does: strings through Jinja, containers item by item (dict values)."""
    if isinstance(value, str):
        return JINJA.from_string(value).render(**context)
    if isinstance(value, dict):
        return {k: render(v, context) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(render(v, context) for v in value)
    return value


class DagRun:
    def __init__(self, dag, run_id: str):
        self.dag = dag
        self.run_id = run_id
        self.xcom: dict[tuple[str, int], object] = {}


class TaskInstance:
    def __init__(self, dag_run: DagRun, task, try_number: int, map_index: int = -1):
        self.dag_run = dag_run
        self.task = task
        self.task_id = task.task_id
        self.dag_id = dag_run.dag.dag_id
        self.run_id = dag_run.run_id
        self.try_number = try_number
        self.map_index = map_index

    def xcom_pull(self, task_ids: str, map_indexes: int = -1):
        return self.dag_run.xcom.get((task_ids, map_indexes))

    def context(self) -> dict:
        start = LOGICAL_DATE
        return {"dag": self.dag_run.dag, "run_id": self.run_id, "ti": self, "task_instance": self,
                "task": self.task, "params": {}, "logical_date": start, "data_interval_start": start,
                "data_interval_end": start + timedelta(days=31), "ds": start.strftime("%Y-%m-%d"),
                "ds_nodash": start.strftime("%Y%m%d"), "ts": start.isoformat()}

    def rendered(self, overrides: dict | None = None) -> dict:
        """The operator's arguments for this try, templated fields rendered (one mapped item for a mapped task)."""
        arguments = dict(self.task.arguments)
        for name, values in self.task.mapped.items():
            arguments[name] = values[self.map_index]
        arguments.update(overrides or {})
        context = self.context()
        for field in self.task.template_fields:
            arguments[field] = render(arguments.get(field), context)
        return arguments


def execute(ti: TaskInstance, overrides: dict | None = None, lose_connection: bool = False):
    """One try of a task: returns its XCom value, or raises AirflowException (or a requests error) when it fails."""
    args = ti.rendered(overrides)
    hook = HttpHook(args["method"], args["http_conn_id"])
    if isinstance(ti.task, stub.HttpSensor):
        return poke_until_done(ti, args, hook)
    if lose_connection:
        hook.send_and_lose(args["endpoint"], args["data"], args["headers"], hold_seconds=0.5)
        raise requests.ConnectionError("connection lost while waiting for the answer (replayed)")
    response = hook.run(args["endpoint"], args["data"], args["headers"], args["extra_options"])
    if args["response_check"] and not args["response_check"](response):
        raise AirflowException("Response check returned False.")
    value = args["response_filter"](response) if args["response_filter"] else response.text
    ti.dag_run.xcom[(ti.task_id, ti.map_index)] = value
    return value


def poke_until_done(ti: TaskInstance, args: dict, hook: HttpHook):
    allowlist = tuple(args["response_error_codes_allowlist"] or ("404",))
    deadline = time.monotonic() + SENSOR_BOUND_SECONDS
    while time.monotonic() < deadline:
        try:
            response = hook.run(args["endpoint"], args["request_params"], args["headers"], args["extra_options"])
            if not args["response_check"] or args["response_check"](response):
                return True
        except AirflowException as e:
            if not str(e).startswith(allowlist):
                raise
        time.sleep(REPLAY_POKE_SECONDS)
    raise AirflowException(f"sensor {ti.task_id} still poking after {SENSOR_BOUND_SECONDS} s (replay bound)")


# --- What the service recorded --------------------------------------------------------------------------------------


class Service:
    """Reads back what runs a task instance started, by its caller reference (GET /api/runs?caller=...)."""

    def __init__(self):
        self.hook = HttpHook("GET", "ormtask")

    def runs_of(self, ti: TaskInstance) -> list[dict]:
        caller = render(ti.task.arguments["headers"]["X-Caller-Ref"], ti.context())
        prefix = caller.rsplit("/", 1)[0] + "/*"  # every try of this task instance
        response = self.hook.run("api/runs", {"caller": prefix, "limit": "50"}, None, {"timeout": 30})
        return response.json()["runs"]

    def await_runs(self, ti: TaskInstance, count: int) -> list[dict]:
        deadline = time.monotonic() + 30
        while True:
            runs = self.runs_of(ti)
            if len(runs) >= count or time.monotonic() > deadline:
                return runs
            time.sleep(0.2)


# --- The cases -------------------------------------------------------------------------------------------------------


class Replay:
    def __init__(self):
        self.passed: list[str] = []
        self.failed: list[str] = []
        self.service = Service()
        self.stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")

    def check(self, name: str, condition: bool, detail: str = ""):
        (self.passed if condition else self.failed).append(name)
        print(("PASS " if condition else "FAIL ") + name + ("" if condition else ": " + detail), flush=True)

    def dag_run(self, dag, case: str, scheduled: bool = False) -> DagRun:
        if scheduled:
            return DagRun(dag, "scheduled__" + LOGICAL_DATE.isoformat())
        return DagRun(dag, f"manual__{self.stamp}_{case}")

    @staticmethod
    def failing(task) -> dict:
        """The same operator aimed at the failing example task."""
        endpoint = task.arguments["endpoint"]
        start = endpoint.index("api/tasks/") + len("api/tasks/")
        end = endpoint.index("/", start)
        return {"endpoint": endpoint[:start] + FAILING_TASK + endpoint[end:], "data": "{}"}

    def outcome(self, ti: TaskInstance, overrides=None, lose_connection=False):
        """Runs one try; returns (succeeded, value or error)."""
        try:
            return True, execute(ti, overrides, lose_connection)
        except (AirflowException, requests.RequestException) as e:
            return False, e

    def replay_dag(self, dag):
        tasks = list(dag.tasks.values())
        starts = [t for t in tasks if isinstance(t, stub.HttpOperator) and t.arguments["method"] == "POST"]
        if len(starts) != 1:
            self.check(f"{dag.dag_id}: one start", False, f"found {[t.task_id for t in starts]}")
            return
        start = starts[0]
        waits = [t for t in tasks if start in t.upstream and isinstance(t, stub.HttpSensor)]
        checks = [t for t in tasks if t is not start and t not in waits]
        map_index = 0 if start.mapped else -1
        name = dag.dag_id

        # A succeeding task passes: every task of the DAG run, in order (each mapped item of a mapped start).
        run = self.dag_run(dag, "success", scheduled=True)
        for task in checks:
            ok, value = self.outcome(TaskInstance(run, task, 1))
            self.check(f"{name}: {task.task_id} passes", ok, repr(value))
        items = range(len(next(iter(start.mapped.values())))) if start.mapped else [-1]
        for index in items:
            ti = TaskInstance(run, start, 1, index)
            ok, value = self.outcome(ti)
            for wait in waits:
                ok = ok and self.outcome(TaskInstance(run, wait, 1))[0]
            runs = self.service.runs_of(ti)
            self.check(f"{name}: {ti.task_id}[{index}] passes and its run succeeded", ok and len(runs) == 1
                       and runs[0]["status"] == "SUCCEEDED", f"{value!r} {runs}")
            self.check(f"{name}: {ti.task_id}[{index}] run records the caller", bool(runs) and runs[0]["callerRef"]
                       == render(start.arguments["headers"]["X-Caller-Ref"], ti.context()), str(runs))
            if not waits and start.arguments["response_filter"]:
                self.check(f"{name}: {ti.task_id}[{index}] result in XCom", isinstance(value, dict)
                           and value == runs[0]["result"], f"{value!r}")

        # A failing task fails; the Airflow retry after that failure starts a new attempt, linked to the failed run.
        run = self.dag_run(dag, "failure")
        first = TaskInstance(run, start, 1, map_index)
        ok = self.outcome(first, self.failing(start))[0]
        for wait in waits:
            ok = ok and self.outcome(TaskInstance(run, wait, 1))[0]
        self.check(f"{name}: a failed run fails the DAG run", not ok)
        failed = self.service.await_runs(first, 1)
        retried = TaskInstance(run, start, 2, map_index)  # a retry (or "clear") of the start task
        ok = self.outcome(retried, self.failing(start))[0]
        for wait in waits:
            ok = ok and self.outcome(TaskInstance(run, wait, 2))[0]
        attempts = self.service.await_runs(first, 2)  # newest first
        self.check(f"{name}: the retry after the failure started a new attempt", len(failed) == 1 and len(attempts) == 2
                   and attempts[0]["id"] != failed[0]["id"] and attempts[0]["attempt"] == 2
                   and attempts[0]["firstAttemptId"] == failed[0]["id"] and not ok, str(attempts))

        # An Airflow retry after a lost connection gets the run the lost try started, not a second one.
        run = self.dag_run(dag, "lost")
        lost = TaskInstance(run, start, 1, map_index)
        ok = self.outcome(lost, lose_connection=True)[0]
        started = self.service.await_runs(lost, 1)
        retry = TaskInstance(run, start, 2, map_index)
        ok_retry, value = self.outcome(retry)
        for wait in waits:
            ok_retry = ok_retry and self.outcome(TaskInstance(run, wait, 2))[0]
        same = run.xcom.get((start.task_id, map_index))
        after = self.service.runs_of(lost)
        self.check(f"{name}: the retry after a lost connection got the same run", not ok and ok_retry
                   and len(started) == 1 and len(after) == 1 and after[0]["status"] == "SUCCEEDED"
                   and (same == started[0]["id"] or same == started[0]["result"]), f"{value!r} {started} {after}")


def main(dags_folder: str) -> int:
    sys.path.insert(0, dags_folder)
    for file in sorted(os.listdir(dags_folder)):
        if file.endswith(".py"):
            spec = importlib.util.spec_from_file_location(file[:-3], os.path.join(dags_folder, file))
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
    replay = Replay()
    if not stub.DAGS:
        replay.check("the DAG folder declares DAGs", False, dags_folder)
    for dag in stub.DAGS:
        try:
            replay.replay_dag(dag)
        except Exception:  # a broken replay is a failure, reported with its cause
            replay.check(f"{dag.dag_id}: replayed", False, traceback.format_exc())
    total = len(replay.passed) + len(replay.failed)
    print(f"Replay summary: {len(replay.passed)} of {total} checks passed"
          + ("" if not replay.failed else "; failing: " + ", ".join(replay.failed)), flush=True)
    return 0 if total and not replay.failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "deploy/airflow/dags"))
