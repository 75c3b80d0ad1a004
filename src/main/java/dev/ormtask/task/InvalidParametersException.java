package dev.ormtask.task;

import java.util.List;

/** A run request whose parameters do not match the task's declaration; each problem names its parameter. */
public class InvalidParametersException extends RuntimeException {

    private final List<String> problems;

    public InvalidParametersException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
