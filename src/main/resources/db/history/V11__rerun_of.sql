-- A run started again from an earlier one (POST /api/runs/{id}/rerun) names that run; NULL for every other run.
ALTER TABLE task_run ADD COLUMN rerun_of VARCHAR(36);
