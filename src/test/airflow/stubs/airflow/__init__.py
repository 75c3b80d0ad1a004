"""A stand-in for the few Airflow names the example DAGs use, so that the replay can load them where Airflow cannot
be installed. It records what each DAG declares (operators, their arguments, their order) and runs nothing; the
arguments it accepts are those of Airflow's BaseOperator and of the HTTP provider's HttpOperator and HttpSensor, so a
misspelt argument fails here as it would in Airflow."""

from airflow._replay_stub import DAG  # noqa: F401
