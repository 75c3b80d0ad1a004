package dev.ormtask.history;

import java.time.Instant;

/** Another replica already recorded this cron fire; this one does nothing. */
public class DuplicateFireException extends RuntimeException {

    public DuplicateFireException(String task, Instant fireTime) {
        super("fire " + fireTime + " of task " + task + " is already recorded", null, false, false);
    }
}
