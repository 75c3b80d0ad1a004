"""Start a long run without waiting (Prefer: respond-async), then wait for it with an HttpSensor.

The start answers 202 at once and pushes the run id to XCom. Each poke of the sensor is a long poll
(GET /api/runs/{id}?wait=30): it answers as soon as the run ends, 200 when it succeeded (done), 202 while it is still
going (poke again), 500 when it failed (the sensor fails). Between pokes the sensor gives its worker slot back
(mode="reschedule").
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow import DAG
from airflow.providers.http.operators.http import HttpOperator
from airflow.providers.http.sensors.http import HttpSensor

from ormtask_common import CONN_ID, accepted, run_id, start_endpoint, start_headers, succeeded

with DAG(
    dag_id="ormtask_hold_transaction_async",
    schedule=None,
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(seconds=30)},
    tags=["ormtask"],
) as dag:
    start = HttpOperator(
        task_id="start",
        http_conn_id=CONN_ID,
        method="POST",
        endpoint=start_endpoint("hold-transaction", wait=None),
        headers=start_headers(respond_async=True),
        data='{"seconds": 5}',
        response_check=accepted,
        response_filter=run_id,
        extra_options={"timeout": 30},
    )

    wait = HttpSensor(
        task_id="wait",
        http_conn_id=CONN_ID,
        endpoint="api/runs/{{ ti.xcom_pull(task_ids='start') }}",
        request_params={"wait": "30"},
        response_check=succeeded,
        extra_options={"timeout": 60},
        poke_interval=5,
        timeout=3600,
        mode="reschedule",
        retries=0,  # a failed run stays failed: clear "start" to try again (a new attempt, see README.md)
    )

    start >> wait
