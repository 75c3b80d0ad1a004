-- Side effects of the test tasks, counted by the tests through their own connections.
CREATE TABLE test_write (
    run_id VARCHAR(36)  NOT NULL PRIMARY KEY,
    label  VARCHAR(100) NOT NULL
);
