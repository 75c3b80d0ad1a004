package dev.ormtask.history;

import dev.ormtask.config.DaemonThreads;
import dev.ormtask.history.RunTransitions.NewRun;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Group commit for run history. Callers hand in new runs and outcomes and wait on a future; one thread writes
 * everything pending in one transaction with one commit, then starts the next batch at once, with no timer: an idle
 * service writes at single-row latency, a busy one shares every commit. The same transaction claims queued runs for
 * this node's idle workers, so a finished run and its worker's next run cost one commit together.
 */
@Singleton
public class HistoryWriter {

    /** The run layer's side of a claim: how many idle workers to fill, and where the claimed runs go. */
    public interface Claimer {

        /** Reserves idle workers for runs about to be claimed; the number reserved (0: none idle). */
        int reserve();

        /** Gives back reserved workers that no claimed run took. */
        void release(int count);

        /** Hands over runs claimed as RUNNING on this node, one per reserved worker. */
        void claimed(List<RunRecord> runs, int reserved);

        String node();

        /** The tasks this node can execute. */
        Collection<String> tasks();

        Instant now();
    }

    /** How the run layer learns of outcomes that were written only after history came back. */
    public interface LateOutcomes {
        void recorded(RunRecord done, boolean written);
    }

    private static final Logger LOG = Logger.getLogger(HistoryWriter.class);
    private static final int MAX_BATCH = 256;
    private static final Object WAKE = new Object();

    private final HistoryJdbc jdbc;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    // Outcomes whose write failed while history was down; written again once a heartbeat gets through.
    private final UnrecordedOutcomes unrecorded = new UnrecordedOutcomes();
    private final AtomicBoolean claimWanted = new AtomicBoolean();
    private volatile Claimer claimer;
    private volatile boolean stopped;
    // The isolation the pool's connections come with, read once: MariaDB's driver may ask the server every time.
    private volatile int pooledIsolation = -1;
    private final Thread thread;
    private final RunCounts counts;

    private record Insert(NewRun run, CompletableFuture<Void> future) {}

    private record Outcome(RunEnd finish, CompletableFuture<Boolean> future) {}

    /** On another database with the history schema (tests): runs that end are counted in memory only. */
    HistoryWriter(HistoryJdbc jdbc) {
        this(jdbc, new RunCounts(jdbc, java.time.Clock.systemUTC()));
    }

    @jakarta.inject.Inject
    HistoryWriter(HistoryJdbc jdbc, RunCounts counts) {
        this.jdbc = jdbc;
        this.counts = counts;
        this.thread = DaemonThreads.named("ormtask-history-writer").newThread(this::loop);
        thread.start();
    }

    /** Records a new run (QUEUED, RUNNING or SKIPPED); for a queued retry, no node claims it before notBefore. */
    public CompletableFuture<Void> record(RunRecord run, Instant notBefore) {
        return record(new NewRun(run, notBefore));
    }

    /** Records a new run that takes over the Idempotency-Key of run {@code keyFrom} in the same commit. */
    public CompletableFuture<Void> recordTakingKey(RunRecord run, String keyFrom) {
        return record(new NewRun(run, null, keyFrom));
    }

    private CompletableFuture<Void> record(NewRun run) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        enqueue(new Insert(run, future), future);
        return future;
    }

    /**
     * Records a run's end; true when written, false when the run was no longer running on its node (settled by
     * another). Fails with {@link HistoryUnavailableException} while history is down: the outcome is then kept and
     * written after the next successful heartbeat ({@link #historyAnswered}), reported through {@link LateOutcomes}.
     */
    public CompletableFuture<Boolean> finish(RunEnd finish) {
        CompletableFuture<Boolean> future = new CompletableFuture<>();
        enqueue(new Outcome(finish, future), future);
        return future;
    }

    public void claimFor(Claimer claimer) {
        this.claimer = claimer;
    }

    public void reportLateOutcomesTo(LateOutcomes late) {
        unrecorded.reportTo(late);
    }

    /** Asks for a claim pass: the next batch (an empty one if nothing else is pending) claims for idle workers. */
    public void wantClaims() {
        if (claimWanted.compareAndSet(false, true)) {
            queue.offer(WAKE);
        }
    }

    /** History answered a statement again: outcomes kept during an outage go into the next batch. */
    public void historyAnswered() {
        if (unrecorded.retryWanted()) {
            queue.offer(WAKE);
        }
    }

    /** Outcomes not yet written because history was down. */
    public int unrecordedCount() {
        return unrecorded.size();
    }

    private void enqueue(Object item, CompletableFuture<?> future) {
        if (stopped) {
            future.completeExceptionally(new IllegalStateException("the node is shutting down"));
            return;
        }
        queue.offer(item);
    }

    private void loop() {
        List<Object> items = new ArrayList<>();
        while (!stopped || !queue.isEmpty()) {
            try {
                Object first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                items.add(first);
                queue.drainTo(items, MAX_BATCH - 1);
                writeBatch(items);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "History writer: unexpected failure; its batch was failed and the writer goes on");
            } finally {
                items.clear();
            }
        }
    }

    private void writeBatch(List<Object> items) {
        List<Insert> inserts = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Insert insert) {
                inserts.add(insert);
            } else if (item instanceof Outcome outcome) {
                outcomes.add(outcome);
            }
        }
        List<RunEnd> retried = unrecorded.takeForRetry();
        Claimer claims = claimer;
        int reserved = claims != null && claimWanted.getAndSet(false) ? claims.reserve() : 0;
        List<RunRecord> claimed = List.of();
        boolean[] written;
        boolean[] writtenRetried;
        try {
            List<RunEnd> finishes = new ArrayList<>(outcomes.size() + retried.size());
            outcomes.forEach(o -> finishes.add(o.finish()));
            finishes.addAll(retried);
            BatchResult result = jdbc.inTransaction(c -> write(c, inserts, finishes, claims, reserved));
            claimed = result.claimed();
            written = java.util.Arrays.copyOfRange(result.written(), 0, outcomes.size());
            writtenRetried = java.util.Arrays.copyOfRange(result.written(), outcomes.size(), result.written().length);
        } catch (RuntimeException e) {
            if (reserved > 0) {
                claims.release(reserved);
            }
            if (inserts.size() + outcomes.size() + retried.size() > 1) {
                writeOneByOne(inserts, outcomes, retried);
            } else {
                inserts.forEach(i -> i.future().completeExceptionally(insertFailure(i.run().run(), e)));
                outcomes.forEach(o -> failOutcome(o, e));
                retried.forEach(unrecorded::keep);
            }
            return;
        }
        inserts.forEach(i -> counted(i.run().run(), true));
        inserts.forEach(i -> i.future().complete(null));
        for (int i = 0; i < outcomes.size(); i++) {
            counted(outcomes.get(i).finish().done(), written[i]);
            outcomes.get(i).future().complete(written[i]);
        }
        for (int i = 0; i < retried.size(); i++) {
            counted(retried.get(i).done(), writtenRetried[i]);
            unrecorded.recorded(retried.get(i), writtenRetried[i]);
        }
        if (reserved > 0) {
            claims.release(reserved - claimed.size());
            claims.claimed(claimed, reserved);
        }
    }

    private record BatchResult(boolean[] written, List<RunRecord> claimed) {}

    private BatchResult write(Connection c, List<Insert> inserts, List<RunEnd> finishes, Claimer claims, int reserved)
            throws SQLException {
        HistoryDialect dialect = jdbc.dialect(c);
        boolean readCommitted = reserved > 0 && dialect.claimNeedsReadCommitted();
        if (readCommitted) {
            if (pooledIsolation < 0) {
                pooledIsolation = c.getTransactionIsolation();
            }
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        try {
            if (!inserts.isEmpty()) {
                RunTransitions.record(c, inserts.stream().map(Insert::run).toList());
            }
            boolean[] written = finishes.isEmpty() ? new boolean[0] : RunEnd.write(c, finishes);
            List<RunRecord> claimed = reserved > 0
                    ? RunTransitions.claim(c, dialect, claims.node(), claims.tasks(), claims.now(), reserved)
                    : List.of();
            return new BatchResult(written, claimed);
        } finally {
            if (readCommitted) {
                c.setTransactionIsolation(pooledIsolation); // the pool's connection goes back as it came
            }
        }
    }

    // One bad row (a key or cron fire another replica recorded first) must not fail the others of its batch.
    private void writeOneByOne(List<Insert> inserts, List<Outcome> outcomes, List<RunEnd> retried) {
        for (Insert insert : inserts) {
            try {
                jdbc.inTransaction(c -> {
                    RunTransitions.record(c, List.of(insert.run()));
                    return null;
                });
                counted(insert.run().run(), true);
                insert.future().complete(null);
            } catch (RuntimeException e) {
                insert.future().completeExceptionally(insertFailure(insert.run().run(), e));
            }
        }
        for (Outcome outcome : outcomes) {
            try {
                outcome.future().complete(writeFinish(outcome.finish()));
            } catch (RuntimeException e) {
                failOutcome(outcome, e);
            }
        }
        for (RunEnd finish : retried) {
            try {
                unrecorded.recorded(finish, writeFinish(finish));
            } catch (RuntimeException e) {
                unrecorded.keep(finish);
            }
        }
    }

    /** A run that ended and was written (committed) is counted for the dashboard (in memory; see RunCounts). */
    private void counted(RunRecord run, boolean written) {
        if (written && run.status().isTerminal()) {
            counts.ended(run);
        }
    }

    private boolean writeFinish(RunEnd finish) {
        boolean written = jdbc.inTransaction(c -> write(c, List.of(), List.of(finish), null, 0)).written()[0];
        counted(finish.done(), written);
        return written;
    }

    private void failOutcome(Outcome outcome, RuntimeException e) {
        if (e instanceof HistoryUnavailableException) {
            unrecorded.keep(outcome.finish());
        }
        outcome.future().completeExceptionally(e);
    }

    private static RuntimeException insertFailure(RunRecord run, RuntimeException e) {
        if (HistoryDialect.isUniqueViolation(e)) {
            if (run.scheduledAt() != null) {
                return new DuplicateFireException(run.taskName(), run.scheduledAt());
            }
            if (run.idempotencyKey() != null) {
                return new DuplicateRequestException(run.taskName(), run.idempotencyKey());
            }
        }
        return e;
    }

    /** Writes what is pending and stops the writer (after the node's runs have ended). */
    @PreDestroy
    void stop() {
        stopped = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unrecorded.lastTry(this::writeFinish);
    }
}
