package dev.ormtask.history;

/** A run with this Idempotency-Key was recorded first, by this or another replica. */
public class DuplicateRequestException extends RuntimeException {

    public DuplicateRequestException(String task, String key) {
        super("a run of " + task + " with this Idempotency-Key exists", null, false, false);
    }
}
