-- A queued retry waits out its backoff: no replica may claim it before not_before. NULL means claimable at once.
ALTER TABLE task_run ADD COLUMN not_before ${timestamp_type};
