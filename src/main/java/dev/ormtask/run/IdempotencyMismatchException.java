package dev.ormtask.run;

/** An Idempotency-Key reused with different parameters; answered with 422. */
public class IdempotencyMismatchException extends RuntimeException {

    IdempotencyMismatchException(String runId) {
        super("this Idempotency-Key already started run " + runId + " with different parameters or dryRun;"
                + " use a new key for a different request");
    }
}
