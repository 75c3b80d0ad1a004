package dev.ormtask.run;

import dev.ormtask.history.RunStatus;

/** A cancel of a run that has already ended; answered with 409. */
public class RunFinishedException extends RuntimeException {

    RunFinishedException(String id, RunStatus status) {
        super("run " + id + " has already ended (" + status + "); there is nothing to cancel");
    }
}
