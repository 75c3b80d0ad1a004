package dev.ormtask.api;

/** Example bodies shown in the OpenAPI document; kept in one place so that they stay alike. */
final class ApiExamples {

    /** The schema of a value that may be any JSON, null included (a run's params, result and changes). */
    static final String ANY_JSON = "#/components/schemas/AnyJson";

    static final String RUN = "{\"id\":\"01a212f7-b7f6-7000-991a-fd215b70956c\",\"task\":\"monthly-request-count\","
            + "\"status\":\"SUCCEEDED\",\"trigger\":\"API\",\"params\":{\"month\":\"2026-10-01\"},\"dryRun\":false,"
            + "\"result\":{\"month\":\"2026-10\",\"requests\":3},\"changes\":null,\"error\":null,"
            + "\"queuedAt\":\"2026-11-25T13:49:14.102286Z\",\"startedAt\":\"2026-11-25T13:49:14.102286Z\","
            + "\"finishedAt\":\"2026-11-25T13:49:14.635971Z\",\"durationMs\":533,\"node\":\"node-1\","
            + "\"requestedBy\":\"airflow\",\"scheduledAt\":null,\"fireDelayMs\":null,\"attempt\":1,\"firstAttemptId\":null,"
            + "\"callerRef\":\"airflow:monthly_request_count/scheduled__2026-10-01T00:00:00+00:00/count/1\","
            + "\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
            + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\","
            + "\"rerunOf\":null,\"progress\":{\"done\":31,\"total\":31,\"message\":\"day 31 of 31\","
            + "\"updatedAt\":\"2026-11-25T13:49:14.630000Z\",\"estimatedFinishAt\":null}}";

    static final String RUNNING_RUN = "{\"id\":\"01a212f7-c1d0-7000-8c1e-2b5a0e4f1d22\",\"task\":\"hold-transaction\","
            + "\"status\":\"RUNNING\",\"trigger\":\"API\",\"params\":{\"seconds\":120},\"dryRun\":false,"
            + "\"result\":null,\"changes\":null,\"error\":null,\"queuedAt\":\"2026-11-25T13:50:02.004113Z\","
            + "\"startedAt\":\"2026-11-25T13:50:02.004113Z\",\"finishedAt\":null,\"durationMs\":null,"
            + "\"node\":\"node-2\",\"requestedBy\":\"cronjobs\",\"scheduledAt\":null,\"fireDelayMs\":null,"
            + "\"attempt\":1,\"firstAttemptId\":null,\"callerRef\":\"k8s:batch/hold-transaction-29410550\","
            + "\"traceId\":null,\"traceparent\":null,\"rerunOf\":null,\"progress\":{\"done\":18,\"total\":120,"
            + "\"message\":\"second 18 of 120\",\"updatedAt\":\"2026-11-25T13:50:20.011000Z\","
            + "\"estimatedFinishAt\":\"2026-11-25T13:52:02.070000Z\"}}";

    static final String RERUN = "{\"id\":\"01a21420-77c1-7000-8e0e-2be1a1ddf0e2\",\"task\":\"monthly-request-count\","
            + "\"status\":\"SUCCEEDED\",\"trigger\":\"DASHBOARD\",\"params\":{\"month\":\"2026-10-01\"},"
            + "\"dryRun\":true,\"result\":{\"month\":\"2026-10\",\"requests\":3},\"changes\":{\"inserted\":0,"
            + "\"updated\":0,\"deleted\":0,\"countedBy\":\"database\",\"entities\":{},\"tables\":{}},\"error\":null,"
            + "\"queuedAt\":\"2026-11-25T15:02:41.020311Z\",\"startedAt\":\"2026-11-25T15:02:41.020311Z\","
            + "\"finishedAt\":\"2026-11-25T15:02:41.301208Z\",\"durationMs\":280,\"node\":\"node-1\","
            + "\"requestedBy\":\"ops\",\"scheduledAt\":null,\"fireDelayMs\":null,\"attempt\":1,\"firstAttemptId\":null,"
            + "\"callerRef\":null,\"traceId\":null,\"traceparent\":null,\"rerunOf\":\"01a212f7-b7f6-7000-991a-fd215b70956c\",\"progress\":null}";

    static final String RUN_LOG = "{\"runId\":\"01a212f7-b7f6-7000-991a-fd215b70956c\",\"status\":\"RUNNING\","
            + "\"lines\":[{\"seq\":41,\"at\":\"2026-11-25T13:49:14.401000Z\",\"level\":\"INFO\","
            + "\"message\":\"counted 2026-10-30: 1 request\"},{\"seq\":42,\"at\":\"2026-11-25T13:49:14.412000Z\","
            + "\"level\":\"WARN\",\"message\":\"no requests on 2026-10-31\"}],\"droppedLines\":0,\"nextAfter\":42,"
            + "\"complete\":false}";

    static final String OVERVIEW = "{\"since\":\"2026-11-24T14:00:00Z\",\"last24h\":{\"SUCCEEDED\":1412,"
            + "\"FAILED\":3,\"TIMED_OUT\":0,\"CANCELLED\":1,\"SKIPPED\":12},\"running\":2,\"queued\":0,"
            + "\"datasourcesDown\":[{\"name\":\"maria\",\"problem\":\"Connection refused\"}],"
            + "\"generatedAt\":\"2026-11-25T13:49:15.002000Z\"}";

    static final String IDENTITY = "{\"name\":\"ops\",\"roles\":[\"operator\",\"viewer\"],"
            + "\"authenticationEnabled\":true}";

    static final String FAILED_RUN = "{\"id\":\"01a212f7-ba42-7000-a099-ce7d7d05a693\",\"task\":\"fail-on-purpose\","
            + "\"status\":\"FAILED\",\"trigger\":\"API\",\"params\":{},\"dryRun\":false,\"result\":null,\"changes\":null,"
            + "\"error\":{\"message\":\"failing on purpose after inserting demo_note 1\","
            + "\"exceptionClass\":\"java.lang.IllegalStateException\"},\"queuedAt\":\"2026-11-25T13:49:14.690038Z\","
            + "\"startedAt\":\"2026-11-25T13:49:14.690038Z\",\"finishedAt\":\"2026-11-25T13:49:14.700313Z\","
            + "\"durationMs\":10,\"node\":\"node-1\",\"requestedBy\":\"airflow\",\"scheduledAt\":null,\"fireDelayMs\":null,"
            + "\"attempt\":2,\"firstAttemptId\":\"01a212f7-b9c0-7000-b1d2-7f3e8a9c0b14\","
            + "\"callerRef\":\"airflow:nightly/scheduled__2026-11-24T00:00:00+00:00/fail/2\",\"traceId\":null,"
            + "\"traceparent\":null,\"rerunOf\":null,\"progress\":null}";

    static final String BAD_WAIT = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
            + "\"detail\":\"wait must be between 0 and 300 seconds (ormtask.api.max-wait), not 301\"}";

    static final String PROBLEM = "{\"type\":\"about:blank\",\"title\":\"Invalid parameters\",\"status\":400,"
            + "\"detail\":\"parameter 'olderThanDays' must be a JSON integer between -2147483648 and 2147483647\","
            + "\"errors\":[\"parameter 'olderThanDays' must be a JSON integer between -2147483648 and 2147483647\"]}";

    static final String PARAMS = "{\"olderThanDays\": 30}";

    static final String TASK = "{\"name\":\"purge-expired-sessions\",\"description\":\"Deletes user sessions that"
            + " expired more than olderThanDays days ago\",\"datasource\":\"app\",\"cron\":\"0 0 3 * * ?\","
            + "\"timeZone\":\"UTC\",\"timeoutSeconds\":120,\"enabled\":true,\"concurrency\":\"FORBID\","
            + "\"misfire\":\"SKIP\",\"requiredRole\":null,\"schedule\":{\"paused\":false,"
            + "\"nextFireTime\":\"2026-11-26T03:00:00Z\",\"firesOnThisReplica\":true},\"parameters\":[{\"name\":"
            + "\"olderThanDays\",\"type\":\"INT\",\"required\":false,\"defaultValue\":30,\"description\":"
            + "\"Keep sessions that expired fewer than this many days ago\",\"secret\":false}],\"lastRun\":{\"id\":"
            + "\"01a21305-4262-7000-81bd-c3263b5ebe61\",\"status\":\"SUCCEEDED\",\"queuedAt\":"
            + "\"2026-11-25T14:04:01.506789Z\",\"finishedAt\":\"2026-11-25T14:04:01.530112Z\",\"durationMs\":23},"
            + "\"recent\":[{\"id\":\"01a21305-4262-7000-81bd-c3263b5ebe61\",\"status\":\"SUCCEEDED\",\"trigger\":"
            + "\"SCHEDULE\",\"dryRun\":false,\"queuedAt\":\"2026-11-25T14:04:01.506789Z\",\"durationMs\":23}],"
            + "\"last24h\":{\"runs\":1,\"byStatus\":{\"SUCCEEDED\":1,\"FAILED\":0,\"TIMED_OUT\":0,\"CANCELLED\":0,"
            + "\"SKIPPED\":0},\"successRate\":1.0,\"meanDurationMs\":23}}";

    static final String TASKS = "[" + TASK + "]";

    static final String DATASOURCES = "[{\"name\":\"<default>\",\"dbKind\":\"h2\",\"active\":true,\"up\":true,"
            + "\"historyStore\":false},{\"name\":\"app\",\"dbKind\":\"postgresql\",\"active\":true,\"up\":false,"
            + "\"historyStore\":false,\"detail\":\"Connection refused\"},{\"name\":\"postgres\",\"dbKind\":"
            + "\"postgresql\",\"active\":true,\"up\":true,\"historyStore\":true}]";

    static final String PAGE = "{\"runs\":[" + RUN + "],\"nextCursor\":\"MDFhMjEyZjctYmE0Mi03MDAwLWEwOTktY2U3ZDdkMDVhNjkz\"}";

    private ApiExamples() {}
}
