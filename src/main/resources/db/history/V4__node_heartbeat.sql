-- Each node says it is alive here; runs of a node that stopped saying so are settled by the others.
CREATE TABLE node_heartbeat (
    node    VARCHAR(128)      NOT NULL,
    beat_at ${timestamp_type} NOT NULL,
    CONSTRAINT pk_node_heartbeat PRIMARY KEY (node)
);
