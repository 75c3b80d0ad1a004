package dev.ormtask.api;

/** Example bodies shown in the OpenAPI document; kept in one place so that they stay alike. */
final class ApiExamples {

    static final String RUN = "{\"id\":\"01a212f7-b7f6-7000-991a-fd215b70956c\",\"task\":\"monthly-request-count\","
            + "\"status\":\"SUCCEEDED\",\"trigger\":\"API\",\"params\":{\"month\":\"2026-10-01\"},\"dryRun\":false,"
            + "\"result\":{\"month\":\"2026-10\",\"requests\":3},\"changes\":null,\"error\":null,"
            + "\"queuedAt\":\"2026-11-25T13:49:14.102286Z\",\"startedAt\":\"2026-11-25T13:49:14.102286Z\","
            + "\"finishedAt\":\"2026-11-25T13:49:14.635971Z\",\"durationMs\":533,\"node\":\"node-1\","
            + "\"requestedBy\":\"airflow\",\"scheduledAt\":null,\"fireDelayMs\":null}";

    static final String FAILED_RUN = "{\"id\":\"01a212f7-ba42-7000-a099-ce7d7d05a693\",\"task\":\"fail-on-purpose\","
            + "\"status\":\"FAILED\",\"trigger\":\"API\",\"params\":{},\"dryRun\":false,\"result\":null,\"changes\":null,"
            + "\"error\":{\"message\":\"failing on purpose after inserting demo_note 1\","
            + "\"exceptionClass\":\"java.lang.IllegalStateException\"},\"queuedAt\":\"2026-11-25T13:49:14.690038Z\","
            + "\"startedAt\":\"2026-11-25T13:49:14.690038Z\",\"finishedAt\":\"2026-11-25T13:49:14.700313Z\","
            + "\"durationMs\":10,\"node\":\"node-1\",\"requestedBy\":\"airflow\",\"scheduledAt\":null,\"fireDelayMs\":null}";

    static final String PROBLEM = "{\"type\":\"about:blank\",\"title\":\"Invalid parameters\",\"status\":400,"
            + "\"detail\":\"parameter 'olderThanDays' must be a JSON integer between -2147483648 and 2147483647\","
            + "\"errors\":[\"parameter 'olderThanDays' must be a JSON integer between -2147483648 and 2147483647\"]}";

    static final String PARAMS = "{\"olderThanDays\": 30}";

    private ApiExamples() {}
}
