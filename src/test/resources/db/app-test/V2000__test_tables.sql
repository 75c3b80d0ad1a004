-- Side effects of the test tasks, counted by the tests through their own connections.
CREATE TABLE test_write (
    run_id VARCHAR(36)  NOT NULL PRIMARY KEY,
    label  VARCHAR(100) NOT NULL
);

-- One row that a test locks from its own connection, so that a task's FOR UPDATE NOWAIT fails for real.
CREATE TABLE test_lock (
    id INTEGER NOT NULL PRIMARY KEY
);
INSERT INTO test_lock (id) VALUES (1);
