from airflow._replay_stub import HttpOperator  # noqa: F401
