-- Schema of the example tasks' own database (datasource "app"); valid on H2 and PostgreSQL.
-- Sequences follow Hibernate's default for PanacheEntity: <table>_seq, allocation 50.
CREATE SEQUENCE request_log_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE request_log (
    id           BIGINT       NOT NULL PRIMARY KEY,
    path         VARCHAR(512) NOT NULL,
    requested_at TIMESTAMP    NOT NULL
);
CREATE INDEX ix_request_log_requested_at ON request_log (requested_at);

CREATE SEQUENCE monthly_request_report_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE monthly_request_report (
    id            BIGINT    NOT NULL PRIMARY KEY,
    month_start   DATE      NOT NULL,
    request_count BIGINT    NOT NULL,
    computed_at   TIMESTAMP NOT NULL,
    CONSTRAINT uq_monthly_request_report_month UNIQUE (month_start)
);

CREATE SEQUENCE user_session_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE user_session (
    id         BIGINT       NOT NULL PRIMARY KEY,
    user_name  VARCHAR(128) NOT NULL,
    expires_at TIMESTAMP    NOT NULL
);
CREATE INDEX ix_user_session_expires_at ON user_session (expires_at);

CREATE SEQUENCE demo_note_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE demo_note (
    id   BIGINT       NOT NULL PRIMARY KEY,
    note_text VARCHAR(512) NOT NULL
);
