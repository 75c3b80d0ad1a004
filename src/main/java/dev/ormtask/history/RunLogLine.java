package dev.ormtask.history;

import java.time.Instant;

/** One line a task logged through {@code ctx.log()}; {@code seq} counts the run's lines from 1. */
public record RunLogLine(int seq, Instant at, String level, String message) {}
