-- Retries: each attempt is a run of its own; later attempts point at the first.
ALTER TABLE task_run ADD COLUMN attempt INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE task_run ADD COLUMN first_attempt_id VARCHAR(36);
