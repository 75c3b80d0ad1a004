package dev.ormtask.run;

import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Idempotency-Key: a start repeated with the same key for the same task gets the run the first one started, as long as
 * that run is younger than {@code ormtask.run.idempotency-window}; the unique index on (task, key) settles races.
 * With {@code retryFailed}, a key whose run ended in failure starts the next attempt instead: an Airflow retry or a
 * retried Kubernetes pod gets the same run after a lost connection, and a new attempt after a failed run.
 */
@Singleton
class IdempotentStarts {

    // A chain of attempts longer than this is not followed further (each link is one query).
    private static final int MAX_ATTEMPTS_FOLLOWED = 100;

    private final RunHistory history;
    private final RunConfig config;
    private final Clock clock;

    IdempotentStarts(RunHistory history, RunConfig config, NodeIdentity node) {
        this.history = history;
        this.config = config;
        this.clock = node.clock();
    }

    /**
     * What an earlier start with the same key means for this one: the run to answer with ({@code answer}), or the
     * failed run whose next attempt this start records ({@code retryOf}), taking the key from the run that holds it
     * ({@code keyHolder}), or neither (a new run).
     */
    record Earlier(RunRecord answer, RunRecord retryOf, RunRecord keyHolder) {

        static final Earlier NONE = new Earlier(null, null, null);

        static Earlier answer(RunRecord run) {
            return new Earlier(run, null, null);
        }
    }

    /** The earlier run with this key, if any is still within the window; 422 when its request differed. */
    Earlier earlier(RunRequest request, String paramsJson) {
        Optional<RunRecord> found = history.findByIdempotencyKey(request.task(), request.idempotencyKey());
        if (found.isEmpty()) {
            return Earlier.NONE;
        }
        RunRecord run = found.get();
        if (run.queuedAt().isBefore(clock.instant().minus(config.idempotencyWindow()))) {
            history.forgetIdempotencyKey(run.id());
            return Earlier.NONE;
        }
        if (!Objects.equals(run.paramsJson(), paramsJson) || run.dryRun() != request.dryRun()) {
            throw new IdempotencyMismatchException(run.id());
        }
        if (!request.retryFailed() || !endedInFailure(run)) {
            return Earlier.answer(run);
        }
        // The task's own retries may already have made later attempts: the caller's attempt follows the last one,
        // and a last one still going (or succeeded) is the answer.
        RunRecord last = run;
        for (int i = 0; i < MAX_ATTEMPTS_FOLLOWED; i++) {
            Optional<RunRecord> next = history.nextAttempt(last);
            if (next.isEmpty()) {
                break;
            }
            last = next.get();
        }
        if (!endedInFailure(last)) {
            return Earlier.answer(last);
        }
        // The key moves to the new attempt in the commit that records it (RunHistory.insertLaterTakingKey): of retries
        // racing here one takes it, and the others answer with its attempt.
        return new Earlier(null, last, run);
    }

    private static boolean endedInFailure(RunRecord run) {
        return run.status().isTerminal() && run.status() != RunStatus.SUCCEEDED;
    }
}
