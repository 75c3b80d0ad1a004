"""Monthly request count: the seed's monthly job, run by ORM Task Runner and awaited in one HttpOperator.

Each month's run counts the month the DAG run covers: {"month": "{{ data_interval_start | ds }}"}. The operator
waits for the run (up to 5 minutes); a failed run answers 500 and fails the task, the run's result lands in XCom.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow import DAG
from airflow.providers.http.operators.http import HttpOperator
from airflow.providers.http.sensors.http import HttpSensor

from ormtask_common import (
    CONN_ID,
    HTTP_TIMEOUT_SECONDS,
    datasources_up,
    run_result,
    start_endpoint,
    start_headers,
    succeeded,
)

with DAG(
    dag_id="ormtask_monthly_request_count",
    schedule="@monthly",
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=1)},
    tags=["ormtask"],
) as dag:
    # The service lists its datasources without credentials; wait until the task's database answers.
    app_datasource_up = HttpSensor(
        task_id="app_datasource_up",
        http_conn_id=CONN_ID,
        endpoint="api/datasources",
        request_params={"prefix": "app"},
        response_check=datasources_up,
        poke_interval=30,
        timeout=600,
        mode="reschedule",
    )

    count_requests = HttpOperator(
        task_id="count_requests",
        http_conn_id=CONN_ID,
        method="POST",
        endpoint=start_endpoint("monthly-request-count"),
        headers=start_headers(),
        data='{"month": "{{ data_interval_start | ds }}"}',
        response_check=succeeded,
        response_filter=run_result,
        extra_options={"timeout": HTTP_TIMEOUT_SECONDS},
    )

    app_datasource_up >> count_requests
