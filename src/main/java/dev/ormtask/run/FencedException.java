package dev.ormtask.run;

/** A run's commit marker collided with a tombstone: another node settled the run, so this one must not commit it. */
class FencedException extends RuntimeException {

    FencedException(String runId) {
        super("not committed: another node settled run " + runId + " while this node could not write its heartbeat"
                + " (cut off or paused); its transaction was rolled back, so the run took effect nowhere twice");
    }
}
