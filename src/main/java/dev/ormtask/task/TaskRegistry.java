package dev.ormtask.task;

import dev.ormtask.datasource.DataSourceCatalog;
import io.quarkus.arc.All;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** Every task the service knows, by name; built once at startup, which fails on any invalid declaration. */
@Startup
@Singleton
public class TaskRegistry {

    private static final Logger LOG = Logger.getLogger(TaskRegistry.class);

    private final Map<String, RegisteredTask> tasks;

    TaskRegistry(@All List<InstanceHandle<OrmTask>> beans, TaskDefinitionReader reader, DataSourceCatalog catalog,
            TaskOverridesConfig overrides) {
        List<RegisteredTask> read = beans.stream()
                .map(bean -> reader.read(bean.getBean().getBeanClass(), bean.get()))
                .toList();
        this.tasks = index(read);
        overrides.checkOnlyKnownTasks(tasks.keySet());
        for (RegisteredTask task : tasks.values()) {
            if (catalog.session(task.datasource()).isEmpty()) {
                throw new TaskDefinitionException(task.name(), "datasource '" + task.datasource()
                        + "' has no Hibernate persistence unit; declare quarkus.hibernate-orm.\""
                        + task.datasource() + "\".datasource=" + task.datasource() + " with the task's entities");
            }
            if (!catalog.active(task.datasource())) {
                LOG.warnf("Task '%s' is bound to datasource '%s', which is not active (it has no URL, or is switched "
                        + "off%s): its starts are refused until the service is restarted with it configured",
                        task.name(), task.datasource(), DataSourceCatalog.DEFAULT.equals(task.datasource())
                                ? "; the embedded default is off while run history is kept elsewhere, unless "
                                        + "quarkus.datasource.active=true"
                                : "");
            }
        }
        LOG.infof("Registered %d ORM task(s): %s", tasks.size(), String.join(", ", tasks.keySet()));
    }

    /** Tasks by name; two tasks with one name are a startup error naming both classes. */
    static Map<String, RegisteredTask> index(List<RegisteredTask> tasks) {
        Map<String, RegisteredTask> byName = new TreeMap<>();
        for (RegisteredTask task : tasks) {
            RegisteredTask clash = byName.put(task.name(), task);
            if (clash != null) {
                throw new TaskDefinitionException(task.name(), "the name is used by two classes: "
                        + className(clash) + " and " + className(task));
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    // Normal-scoped beans are client proxies; name the class the user wrote.
    private static String className(RegisteredTask task) {
        return ClientProxy.unwrap(task.implementation()).getClass().getName();
    }

    public Optional<RegisteredTask> find(String name) {
        return Optional.ofNullable(tasks.get(name));
    }

    /** The task, or {@link TaskNotFoundException}. */
    public RegisteredTask get(String name) {
        return find(name).orElseThrow(() -> new TaskNotFoundException(name));
    }

    /** All tasks, sorted by name. */
    public Collection<RegisteredTask> all() {
        return tasks.values();
    }
}
