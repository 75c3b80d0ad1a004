package dev.ormtask.api;

/** Example bodies shown in the OpenAPI document; kept in one place so that they stay alike. */
final class ApiExamples {

    static final String RUN = "{\"id\":\"01a212f7-b7f6-7000-991a-fd215b70956c\",\"task\":\"monthly-request-count\","
            + "\"status\":\"SUCCEEDED\",\"trigger\":\"API\",\"params\":{\"month\":\"2026-10-01\"},\"dryRun\":false,"
            + "\"result\":{\"month\":\"2026-10\",\"requests\":3},\"changes\":null,\"error\":null,"
            + "\"queuedAt\":\"2026-11-25T13:49:14.102286Z\",\"startedAt\":\"2026-11-25T13:49:14.102286Z\","
            + "\"finishedAt\":\"2026-11-25T13:49:14.635971Z\",\"durationMs\":533,\"node\":\"node-1\","
            + "\"requestedBy\":\"airflow\",\"scheduledAt\":null,\"fireDelayMs\":null,\"attempt\":1,\"firstAttemptId\":null}";

    static final String FAILED_RUN = "{\"id\":\"01a212f7-ba42-7000-a099-ce7d7d05a693\",\"task\":\"fail-on-purpose\","
            + "\"status\":\"FAILED\",\"trigger\":\"API\",\"params\":{},\"dryRun\":false,\"result\":null,\"changes\":null,"
            + "\"error\":{\"message\":\"failing on purpose after inserting demo_note 1\","
            + "\"exceptionClass\":\"java.lang.IllegalStateException\"},\"queuedAt\":\"2026-11-25T13:49:14.690038Z\","
            + "\"startedAt\":\"2026-11-25T13:49:14.690038Z\",\"finishedAt\":\"2026-11-25T13:49:14.700313Z\","
            + "\"durationMs\":10,\"node\":\"node-1\",\"requestedBy\":\"airflow\",\"scheduledAt\":null,\"fireDelayMs\":null,\"attempt\":1,\"firstAttemptId\":null}";

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
            + "\"Keep sessions that expired fewer than this many days ago\"}],\"lastRun\":{\"id\":"
            + "\"01a21305-4262-7000-81bd-c3263b5ebe61\",\"status\":\"SUCCEEDED\",\"queuedAt\":"
            + "\"2026-11-25T14:04:01.506789Z\",\"finishedAt\":\"2026-11-25T14:04:01.530112Z\",\"durationMs\":23}}";

    static final String TASKS = "[" + TASK + "]";

    static final String DATASOURCES = "[{\"name\":\"<default>\",\"dbKind\":\"h2\",\"active\":true,\"up\":true,"
            + "\"historyStore\":false},{\"name\":\"app\",\"dbKind\":\"postgresql\",\"active\":true,\"up\":false,"
            + "\"historyStore\":false,\"detail\":\"Connection refused\"},{\"name\":\"postgres\",\"dbKind\":"
            + "\"postgresql\",\"active\":true,\"up\":true,\"historyStore\":true}]";

    static final String PAGE = "{\"runs\":[" + RUN + "],\"nextCursor\":\"MDFhMjEyZjctYmE0Mi03MDAwLWEwOTktY2U3ZDdkMDVhNjkz\"}";

    private ApiExamples() {}
}
