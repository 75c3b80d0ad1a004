"""Records DAGs and HTTP operators as the example DAG files declare them (see the package docstring)."""

from __future__ import annotations

# Arguments of Airflow's BaseOperator (and BaseSensorOperator) that DAG authors commonly pass.
BASE_ARGUMENTS = {
    "owner", "email", "email_on_retry", "email_on_failure", "retries", "retry_delay", "retry_exponential_backoff",
    "max_retry_delay", "start_date", "end_date", "depends_on_past", "wait_for_downstream", "dag", "params",
    "default_args", "priority_weight", "queue", "pool", "pool_slots", "sla", "execution_timeout",
    "on_failure_callback", "on_success_callback", "on_retry_callback", "trigger_rule", "max_active_tis_per_dag",
    "executor_config", "do_xcom_push", "doc_md", "tags",
}
SENSOR_ARGUMENTS = {"poke_interval", "timeout", "soft_fail", "mode", "exponential_backoff", "max_wait", "silent_fail"}

DAGS: list["DAG"] = []


class DAG:
    """A DAG: its id, its arguments and its tasks in declaration order."""

    _current: "DAG | None" = None

    def __init__(self, dag_id: str, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.default_args = kwargs.get("default_args", {})
        self.tasks: dict[str, BaseOperator] = {}
        DAGS.append(self)

    def __enter__(self):
        DAG._current = self
        return self

    def __exit__(self, *exc):
        DAG._current = None
        return False


class BaseOperator:
    template_fields: tuple[str, ...] = ()
    own_arguments: dict[str, object] = {}
    extra_arguments: set[str] = set()

    def __init__(self, *, task_id: str, mapped: dict | None = None, **kwargs):
        unknown = set(kwargs) - set(self.own_arguments) - BASE_ARGUMENTS - self.extra_arguments
        if unknown:
            raise TypeError(f"Invalid arguments were passed to {type(self).__name__} (task_id: {task_id}): {unknown}")
        self.task_id = task_id
        self.dag = kwargs.pop("dag", None) or DAG._current
        if self.dag is None:
            raise RuntimeError(f"task {task_id} is not in a DAG")
        arguments = dict(self.own_arguments)
        arguments.update({k: v for k, v in self.dag.default_args.items() if k in arguments or k in BASE_ARGUMENTS})
        arguments.update(kwargs)
        self.arguments = arguments
        self.mapped = mapped or {}
        self.upstream: list[BaseOperator] = []
        self.dag.tasks[task_id] = self

    def __rshift__(self, other):
        for task in other if isinstance(other, list) else [other]:
            task.upstream.append(self)
        return other

    @classmethod
    def partial(cls, **kwargs):
        return _Partial(cls, kwargs)

    def __getattr__(self, name):
        arguments = self.__dict__.get("arguments", {})
        if name in arguments:
            return arguments[name]
        raise AttributeError(name)


class _Partial:
    """HttpOperator.partial(...): waits for .expand(...), which makes one mapped task."""

    def __init__(self, operator, kwargs):
        self.operator = operator
        self.kwargs = kwargs

    def expand(self, **mapped):
        for name, values in mapped.items():
            if name not in self.operator.own_arguments:
                raise TypeError(f"{self.operator.__name__} cannot map over {name}")
            if not isinstance(values, list):
                raise TypeError(f"expand({name}=…) needs a list here, got {type(values).__name__}")
        return self.operator(mapped=mapped, **self.kwargs)


class HttpOperator(BaseOperator):
    template_fields = ("endpoint", "data", "headers")
    own_arguments = {
        "endpoint": None, "method": "POST", "data": None, "headers": None, "pagination_function": None,
        "response_check": None, "response_filter": None, "extra_options": None, "request_kwargs": None,
        "http_conn_id": "http_default", "log_response": False, "auth_type": None, "tcp_keep_alive": True,
        "tcp_keep_alive_idle": 120, "tcp_keep_alive_count": 20, "tcp_keep_alive_interval": 30, "deferrable": False,
        "retry_args": None,
    }


class HttpSensor(BaseOperator):
    template_fields = ("endpoint", "request_params", "headers")
    own_arguments = {
        "endpoint": None, "http_conn_id": "http_default", "method": "GET", "request_params": None,
        "request_kwargs": None, "headers": None, "response_error_codes_allowlist": None, "response_check": None,
        "extra_options": None, "tcp_keep_alive": True, "tcp_keep_alive_idle": 120, "tcp_keep_alive_count": 20,
        "tcp_keep_alive_interval": 30, "deferrable": False,
    }
    extra_arguments = SENSOR_ARGUMENTS
