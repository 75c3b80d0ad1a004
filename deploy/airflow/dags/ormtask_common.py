"""What the ORM Task Runner example DAGs share: the connection, the headers of a start, the response checks.

Not a DAG itself; keep it beside the DAG files (Airflow puts the DAG folder on the import path).
"""

from __future__ import annotations

# The Airflow connection to the service (see README.md: host, port, and the API token as password or header).
CONN_ID = "ormtask"

# One task instance (one mapped item) = one key, the same for every try: an Airflow retry after a lost connection
# gets the run that the first try started instead of starting another. Starts also send retryFailed=true, so a
# retry after the run *failed* starts the next attempt (linked to the failed one) instead of failing again at once.
TASK_INSTANCE = (
    "{{ dag.dag_id }}/{{ run_id }}/{{ ti.task_id }}"
    "{% if ti.map_index is defined and ti.map_index >= 0 %}[{{ ti.map_index }}]{% endif %}"
)
IDEMPOTENCY_KEY = "airflow:" + TASK_INSTANCE
# Who asked, try included; the run keeps it (GET /api/runs?caller=airflow:<dag_id>/<run_id>/* lists a DAG run's runs).
CALLER_REF = "airflow:" + TASK_INSTANCE + "/{{ ti.try_number }}"

# Longest wait the service allows by default (ormtask.api.max-wait = 5 min); the HTTP timeout leaves it room.
WAIT_SECONDS = 300
HTTP_TIMEOUT_SECONDS = WAIT_SECONDS + 30


def start_endpoint(task: str, *, wait: int | None = WAIT_SECONDS) -> str:
    """POST path that starts `task` and waits up to `wait` seconds (None: answer at once, see start_headers)."""
    query = "retryFailed=true" if wait is None else f"wait={wait}&retryFailed=true"
    return f"api/tasks/{task}/runs?{query}"


def start_headers(*, respond_async: bool = False) -> dict[str, str]:
    """Headers of every start: JSON body, the retry-safe key, the caller reference."""
    headers = {
        "Content-Type": "application/json",
        "Idempotency-Key": IDEMPOTENCY_KEY,
        "X-Caller-Ref": CALLER_REF,
    }
    if respond_async:
        headers["Prefer"] = "respond-async"
    return headers


def succeeded(response) -> bool:
    """200: the run succeeded. A failed run answers 500 and fails the task before this is asked (raise_for_status);
    202 means it outlasted the wait: this try fails and the retry waits for the same run again."""
    return response.status_code == 200


def accepted(response) -> bool:
    """A start with Prefer: respond-async answers 202 (200 when a retry finds the run already succeeded)."""
    return response.status_code in (200, 202)


def run_result(response):
    """The run's result, pushed to XCom."""
    return response.json()["result"]


def run_id(response) -> str:
    """The run's id, pushed to XCom for the sensor."""
    return response.json()["id"]


def datasources_up(response) -> bool:
    """GET /api/datasources?prefix=…: true once every listed datasource answers (and at least one is listed)."""
    listed = response.json()
    return bool(listed) and all(datasource["up"] for datasource in listed)
