package dev.ormtask.api;

import java.util.List;

/** One page of {@code GET /api/runs}; {@code nextCursor} is null on the last page. */
public record RunPage(List<RunView> runs, String nextCursor) {}
