-- Which process beats under a node's name: a second process started under a name that a live one uses is refused,
-- and a process whose name another took over stops committing (README, "Crash recovery"). NULL: released at a clean
-- stop, or written by a node of an older version.
ALTER TABLE node_heartbeat ADD COLUMN instance_id VARCHAR(36);
