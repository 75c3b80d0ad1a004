package dev.ormtask.api;

/** A request body over {@code ormtask.api.max-body-bytes}; answered with 413. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long size, int limit) {
        super("the request body has " + size + " bytes; the limit is " + limit + " (ormtask.api.max-body-bytes)");
    }
}
