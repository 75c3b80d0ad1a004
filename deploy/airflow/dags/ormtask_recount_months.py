"""Recount several months at once: one mapped HttpOperator task per month (dynamic task mapping, .expand).

Each mapped task instance has its own Idempotency-Key (the map index is part of it), so retries stay per month.
Edit MONTHS and trigger the DAG by hand.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from airflow import DAG
from airflow.providers.http.operators.http import HttpOperator

from ormtask_common import CONN_ID, HTTP_TIMEOUT_SECONDS, run_result, start_endpoint, start_headers, succeeded

MONTHS = ["2026-08-01", "2026-09-01", "2026-10-01"]

with DAG(
    dag_id="ormtask_recount_months",
    schedule=None,
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=1)},
    tags=["ormtask"],
) as dag:
    count_month = HttpOperator.partial(
        task_id="count_month",
        http_conn_id=CONN_ID,
        method="POST",
        endpoint=start_endpoint("monthly-request-count"),
        headers=start_headers(),
        response_check=succeeded,
        response_filter=run_result,
        extra_options={"timeout": HTTP_TIMEOUT_SECONDS},
    ).expand(data=[json.dumps({"month": month}) for month in MONTHS])
