-- Run history. Portable across PostgreSQL, H2 and MariaDB: the two type names that differ come from Flyway
-- placeholders set per datasource in application.properties (text_type, timestamp_type).
-- Ids are UUIDv7 strings, so "ORDER BY id DESC" is newest first and every index below ends in id for keyset pages.
CREATE TABLE task_run (
    id            VARCHAR(36)       NOT NULL,
    task_name     VARCHAR(64)       NOT NULL,
    status        VARCHAR(16)       NOT NULL,
    trigger_type  VARCHAR(16)       NOT NULL,
    params        ${text_type},
    dry_run       BOOLEAN           NOT NULL,
    result        ${text_type},
    changes       ${text_type},
    error_message ${text_type},
    error_class   VARCHAR(255),
    error_stack   ${text_type},
    queued_at     ${timestamp_type} NOT NULL,
    started_at    ${timestamp_type},
    finished_at   ${timestamp_type},
    duration_ms   BIGINT,
    node          VARCHAR(128),
    requested_by  VARCHAR(128),
    CONSTRAINT pk_task_run PRIMARY KEY (id)
);

CREATE INDEX ix_task_run_task ON task_run (task_name, id);
CREATE INDEX ix_task_run_status ON task_run (status, id);
CREATE INDEX ix_task_run_task_status ON task_run (task_name, status, id);
