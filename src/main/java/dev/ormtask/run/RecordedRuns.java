package dev.ormtask.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.datasource.DataSourceStatus;
import dev.ormtask.history.RunRecord;
import dev.ormtask.task.ParameterBinder;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskParameters;
import dev.ormtask.task.TaskRegistry;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Turns a run read back from history (taken over, claimed from another node, or left by this node's last life) into
 * what a worker executes: its task and its parameters bound again.
 */
@Singleton
class RecordedRuns {

    /** A recorded run ready for a worker, or the reason it can no longer run ({@code task} null then). */
    record Executable(RegisteredTask task, TaskParameters params, String problem) {
    }

    private final TaskRegistry registry;
    private final ObjectMapper mapper;
    private final DataSourceStatus status;

    RecordedRuns(TaskRegistry registry, ObjectMapper mapper, DataSourceStatus status) {
        this.registry = registry;
        this.mapper = mapper;
        this.status = status;
    }

    Executable resolve(RunRecord run) {
        RegisteredTask task = registry.find(run.taskName()).orElse(null);
        if (task == null) {
            return new Executable(null, null, "task " + run.taskName() + " is no longer registered");
        }
        try {
            return new Executable(task, ParameterBinder.bind(task.params(), mapper.readTree(run.paramsJson())), null);
        } catch (Exception e) {
            return new Executable(null, null, "its parameters no longer fit the task: " + e.getMessage());
        }
    }

    /**
     * The tasks this node can execute now, by name: a replica of another version may know other ones, and one
     * configured differently may have a task's datasource active where this one does not (its runs are left for that
     * replica). A task whose datasource did not answer its last probe is left out too: its queued runs wait, for a
     * probe that finds it up or a replica that reaches it, instead of failing here one after the other as starts are
     * refused (503).
     */
    List<String> executableTasks() {
        return registry.all().stream()
                .filter(task -> task.enabled() && status.problem(task.datasource()) == null)
                .map(RegisteredTask::name)
                .toList();
    }
}
