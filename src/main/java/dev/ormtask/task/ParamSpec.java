package dev.ormtask.task;

/** A validated parameter declaration; {@code defaultValue} is already of {@code type}, or null. */
public record ParamSpec(String name, ParamType type, boolean required, Object defaultValue, String description) {}
