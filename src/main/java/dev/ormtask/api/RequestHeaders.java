package dev.ormtask.api;

/** The headers a caller names itself and its request by, checked before anything is written. */
final class RequestHeaders {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String CALLER_REF = "X-Caller-Ref";
    private static final int MAX_LENGTH = 200;

    private RequestHeaders() {}

    /** The key as sent, or null when none was; 400 unless it is 1 to 200 printable ASCII characters. */
    static String idempotencyKey(String header) {
        return checked(IDEMPOTENCY_KEY, header, "");
    }

    /** The caller reference as sent, or null when none was; 400 unless it is 1 to 200 printable ASCII characters. */
    static String callerRef(String header) {
        return checked(CALLER_REF, header, ", such as airflow:dag_id/run_id/task_id/try or k8s:namespace/job-name");
    }

    private static String checked(String name, String value, String example) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new InvalidRequestException(name + " must be 1 to " + MAX_LENGTH + " printable ASCII characters" + example);
        }
        return value;
    }
}
