package dev.ormtask.example;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * A batch job written the way a long one should be: it works in batches, flushes and clears the session after each
 * (memory stays flat however many rows), reports its progress and logs a line per batch (both shown live by
 * {@code GET /api/runs/{id}} and the dashboard), and stops early when asked to. All of it is one transaction: a
 * cancel, a timeout or a failure leaves none of its notes, and a dry run counts them and keeps none.
 */
@ApplicationScoped
@Task(
        name = "backfill-notes",
        datasource = "app",
        description = "Writes count demo_notes in batches, reporting progress and logging each batch, then commits",
        timeout = "10m",
        params = {
                @TaskParam(name = "count", type = ParamType.INT, defaultValue = "100",
                        description = "How many notes to write (1 to 1,000,000)"),
                @TaskParam(name = "batchSize", type = ParamType.INT, defaultValue = "10",
                        description = "Notes per batch (1 to 1,000): one flush, one progress report and one log line"
                                + " each"),
                @TaskParam(name = "pauseMillis", type = ParamType.INT, defaultValue = "500",
                        description = "A pause after each batch, so that the progress can be watched (0: none)")
        })
public class BackfillNotesTask implements OrmTask {

    static final int MAX_COUNT = 1_000_000;
    // A batch is held in the session until its flush: bounded, so that memory stays flat whatever a caller asks for.
    static final int MAX_BATCH = 1_000;
    private static final long PAUSE_SLICE_MS = 50;

    @Override
    public Object run(TaskContext ctx) throws InterruptedException {
        int count = ctx.params().integer("count");
        int batchSize = ctx.params().integer("batchSize");
        int pauseMillis = ctx.params().integer("pauseMillis");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be from 1 to " + MAX_COUNT + ", was " + count);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be from 1 to " + MAX_BATCH + ", was " + batchSize);
        }
        if (pauseMillis < 0 || pauseMillis > 60_000) {
            throw new IllegalArgumentException("pauseMillis must be from 0 to 60000, was " + pauseMillis);
        }
        ctx.progress(0, count, "starting");
        int written = 0;
        while (written < count) {
            if (ctx.stopRequested()) { // timeout, cancel or shutdown: the transaction is rolled back anyway
                throw new IllegalStateException("stopped after " + written + " of " + count + " notes");
            }
            int batch = Math.min(batchSize, count - written);
            for (int i = 0; i < batch; i++) {
                DemoNote note = new DemoNote();
                note.text = "backfilled by run " + ctx.runId() + ", note " + (written + i + 1);
                note.persist();
            }
            // Written to the database and dropped from the session: without the clear, every note would stay in
            // memory until the commit.
            ctx.session().flush();
            ctx.session().clear();
            written += batch;
            ctx.progress(written, count, written + " of " + count + " notes");
            ctx.log().infof(batch == 1 ? "Wrote note %2$d" : "Wrote notes %d to %d", written - batch + 1, written);
            if (written < count) {
                pause(ctx, pauseMillis);
            }
        }
        return Map.of("written", written);
    }

    // In short slices, each after a look at stopRequested(): a timeout or cancel does not wait out a long pause (on H2
    // the service does not interrupt a run's thread, which H2 would take for a broken connection).
    private static void pause(TaskContext ctx, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000L;
        for (long left = millis; left > 0 && !ctx.stopRequested(); left = (until - System.nanoTime()) / 1_000_000L) {
            Thread.sleep(Math.min(left, PAUSE_SLICE_MS));
        }
    }
}
