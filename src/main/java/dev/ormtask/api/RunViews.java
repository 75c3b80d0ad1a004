package dev.ormtask.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.history.RunProgress;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.run.RunReads;
import dev.ormtask.task.ParamSpec;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.Secrets;
import dev.ormtask.task.TaskRegistry;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link RunView}s: masks the task's secret parameters wherever they may show (parameters, result, error
 * message) and adds progress reports where they are wanted.
 */
@Singleton
public class RunViews {

    private final TaskRegistry registry;
    private final ObjectMapper mapper;
    private final RunReads reads;

    RunViews(TaskRegistry registry, ObjectMapper mapper, RunReads reads) {
        this.registry = registry;
        this.mapper = mapper;
        this.reads = reads;
    }

    /** A run without its progress (answers to starts and cancels). */
    public RunView of(RunRecord run) {
        return view(run, null);
    }

    /** A run with its last progress report. */
    public RunView withProgress(RunRecord run) {
        return view(run, reads.progress(run.id()).orElse(null));
    }

    /** A page of runs; the running ones with their progress (one query for the page, none when none runs). */
    public List<RunView> page(List<RunRecord> runs) {
        List<String> running = runs.stream().filter(r -> r.status() == RunStatus.RUNNING).map(RunRecord::id).toList();
        Map<String, RunProgress> progress = running.isEmpty() ? Map.of() : reads.progress(running);
        return runs.stream().map(r -> view(r, progress.get(r.id()))).toList();
    }

    private RunView view(RunRecord run, RunProgress progress) {
        List<ParamSpec> specs = registry.find(run.taskName()).map(RegisteredTask::params).orElse(List.of());
        String errorMessage = run.error() == null ? null : run.error().message();
        if (!Secrets.declared(specs)) {
            return RunView.of(run, run.paramsJson(), run.resultJson(), errorMessage, progress);
        }
        JsonNode stored = read(run.paramsJson());
        Secrets secrets = Secrets.of(specs, stored);
        String params = run.paramsJson() == null ? null : write(Secrets.maskParams(specs, stored));
        String result = run.resultJson() == null ? null : write(secrets.maskStrings(read(run.resultJson())));
        return RunView.of(run, params, result, secrets.mask(errorMessage), progress);
    }

    private JsonNode read(String json) {
        try {
            return json == null ? null : mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("history holds text that is not JSON", e);
        }
    }

    private String write(JsonNode json) {
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
