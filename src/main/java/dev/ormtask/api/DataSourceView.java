package dev.ormtask.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A named datasource and whether it answers right now. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSourceView(String name, String dbKind, boolean active, boolean up, boolean historyStore, String detail) {}
