package dev.ormtask.run;

import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunRecord;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Idempotency-Key: a start repeated with the same key for the same task gets the run the first one started, as long as
 * that run is younger than {@code ormtask.run.idempotency-window}; the unique index on (task, key) settles races.
 */
@Singleton
class IdempotentStarts {

    private final RunHistory history;
    private final RunConfig config;
    private final Clock clock;

    IdempotentStarts(RunHistory history, RunConfig config, Clock clock) {
        this.history = history;
        this.config = config;
        this.clock = clock;
    }

    /** The earlier run with this key, if any is still within the window; 422 when its request differed. */
    Optional<RunRecord> earlier(RunRequest request, String paramsJson) {
        Optional<RunRecord> found = history.findByIdempotencyKey(request.task(), request.idempotencyKey());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RunRecord run = found.get();
        if (run.queuedAt().isBefore(clock.instant().minus(config.idempotencyWindow()))) {
            history.forgetIdempotencyKey(run.id());
            return Optional.empty();
        }
        if (!Objects.equals(run.paramsJson(), paramsJson) || run.dryRun() != request.dryRun()) {
            throw new IdempotencyMismatchException(run.id());
        }
        return Optional.of(run);
    }
}
