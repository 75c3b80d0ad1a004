package dev.ormtask.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ormtask.task.Trigger;

/**
 * A request to start a task, before validation.
 *
 * @param params a JSON object of parameters, or null for none
 */
public record RunRequest(String task, JsonNode params, boolean dryRun, Trigger trigger, String requestedBy) {}
