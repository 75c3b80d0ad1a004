package dev.ormtask.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** What a failed {@link CompletableFuture} really failed with, and how to rethrow it. */
public final class Futures {

    private Futures() {}

    /** The failure behind the {@link CompletionException} a dependent stage or {@code join()} wraps it in. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
    }

    /** The failure to throw from a stage or after {@code join()}: a runtime exception as itself, others wrapped. */
    public static RuntimeException unchecked(Throwable failure) {
        Throwable cause = cause(failure);
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }

    /** Waits for {@code future} and throws what it failed with as {@link #unchecked} does. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw unchecked(e);
        }
    }
}
