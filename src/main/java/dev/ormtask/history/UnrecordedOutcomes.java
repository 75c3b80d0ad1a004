package dev.ormtask.history;

import dev.ormtask.history.HistoryWriter.LateOutcomes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Run ends that history could not take while it was down: kept in memory, handed to the writer's next batch once
 * history answers again, reported through {@link LateOutcomes} when written, and named at stop when they never are.
 */
final class UnrecordedOutcomes {

    private static final Logger LOG = Logger.getLogger(HistoryWriter.class);

    private final ConcurrentLinkedQueue<RunEnd> kept = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean retryWanted = new AtomicBoolean();
    private volatile LateOutcomes late = (done, written) -> {};

    void reportTo(LateOutcomes late) {
        this.late = late;
    }

    void keep(RunEnd finish) {
        kept.add(finish);
    }

    int size() {
        return kept.size();
    }

    /** History answered again: true when the writer must wake for a batch that retries what is kept. */
    boolean retryWanted() {
        return !kept.isEmpty() && retryWanted.compareAndSet(false, true);
    }

    /** What the next batch retries: everything kept, once a retry is wanted; else nothing. */
    List<RunEnd> takeForRetry() {
        List<RunEnd> retried = new ArrayList<>();
        if (retryWanted.getAndSet(false)) {
            for (RunEnd f = kept.poll(); f != null; f = kept.poll()) {
                retried.add(f);
            }
        }
        return retried;
    }

    /** A kept end was written (or found settled by another node meanwhile: not written). */
    void recorded(RunEnd finish, boolean written) {
        late.recorded(finish.done(), written);
    }

    // At stop the heartbeat that would ask for a retry has stopped with the node, and history may have come back since
    // its last beat: one more try. What still cannot be written is named, because its result or error exists only in
    // this process; recovery settles such a run as a dead node's (from its commit marker), without them.
    void lastTry(Predicate<RunEnd> write) {
        List<RunRecord> lost = new ArrayList<>();
        RuntimeException down = null;
        for (RunEnd f = kept.poll(); f != null; f = kept.poll()) {
            if (down == null) {
                try {
                    boolean written = write.test(f);
                    LOG.infof(written ? "Run %s of %s recorded as %s at stop, after history came back"
                            : "Run %s of %s ended %s here, but another node had settled it meanwhile",
                            f.done().id(), f.done().taskName(), f.done().status());
                    continue;
                } catch (RuntimeException e) {
                    down = e;
                }
            }
            lost.add(f.done());
        }
        if (!lost.isEmpty()) {
            LOG.warnf("Stopping with %d run end(s) that history could not take (%s): %s. Their results and errors are"
                    + " lost with this process; another node, or this one's next start, settles each run as it"
                    + " settles a dead node's", lost.size(), down.getMessage(),
                    lost.stream().map(r -> r.id() + " of " + r.taskName() + " " + r.status()).toList());
        }
    }
}
