package dev.ormtask.example;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
                @TaskParam(name = "count", type = ParamType.INT, defaultValue = "100", min = "1", max = "1000000",
                        description = "How many notes to write"),
                // A batch is held in the session until its flush: bounded, so that memory stays flat whatever a
                // caller asks for.
                @TaskParam(name = "batchSize", type = ParamType.INT, defaultValue = "10", min = "1", max = "1000",
                        description = "Notes per batch: one flush, one progress report and one log line each"),
                @TaskParam(name = "pauseMillis", type = ParamType.INT, defaultValue = "500", min = "0", max = "60000",
                        description = "A pause after each batch, so that the progress can be watched (0: none)")
        })
public class BackfillNotesTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        int count = ctx.params().integer("count");
        int batchSize = ctx.params().integer("batchSize");
        int pauseMillis = ctx.params().integer("pauseMillis");
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
                ctx.pause(Duration.ofMillis(pauseMillis)); // ends at once on a cancel or timeout, checked above
            }
        }
        return Map.of("written", written);
    }
}
