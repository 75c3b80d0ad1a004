package dev.ormtask.history;

/** A request named a run id that history does not hold. */
public class RunNotFoundException extends RuntimeException {

    public RunNotFoundException(String id) {
        super("no run with id '" + (id.length() <= 40 ? id : id.substring(0, 40) + "…") + "'");
    }
}
