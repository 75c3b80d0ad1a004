-- Small seed data for the embedded profile, so the example tasks have something to work on at first start.
-- Requests in October and November 2026; sessions that expired long ago, recently, and not yet.
INSERT INTO request_log (id, path, requested_at) VALUES
    (NEXT VALUE FOR request_log_seq, '/', TIMESTAMP '2026-10-01 08:00:00'),
    (NEXT VALUE FOR request_log_seq, '/orders', TIMESTAMP '2026-10-15 12:30:00'),
    (NEXT VALUE FOR request_log_seq, '/orders/42', TIMESTAMP '2026-10-31 23:59:59'),
    (NEXT VALUE FOR request_log_seq, '/', TIMESTAMP '2026-11-01 00:00:00'),
    (NEXT VALUE FOR request_log_seq, '/login', TIMESTAMP '2026-11-02 09:15:00');

INSERT INTO user_session (id, user_name, expires_at) VALUES
    (NEXT VALUE FOR user_session_seq, 'ada', TIMESTAMP '2025-01-01 00:00:00'),
    (NEXT VALUE FOR user_session_seq, 'grace', TIMESTAMP '2025-06-30 12:00:00'),
    (NEXT VALUE FOR user_session_seq, 'linus', TIMESTAMP '2099-01-01 00:00:00');
