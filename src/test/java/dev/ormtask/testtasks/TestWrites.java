package dev.ormtask.testtasks;

import dev.ormtask.task.TaskContext;

/** The one way test tasks write their side effect. */
final class TestWrites {

    private TestWrites() {}

    static void insert(TaskContext ctx, String label) {
        ctx.session().createNativeMutationQuery("INSERT INTO test_write (run_id, label) VALUES (:id, :label)")
                .setParameter("id", ctx.runId())
                .setParameter("label", label)
                .executeUpdate();
    }
}
