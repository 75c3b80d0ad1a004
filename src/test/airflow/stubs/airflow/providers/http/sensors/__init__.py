from airflow._replay_stub import HttpSensor  # noqa: F401
