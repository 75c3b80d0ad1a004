package dev.ormtask.config;

import dev.ormtask.api.DataSourceResource;
import dev.ormtask.api.IdentityResource;
import dev.ormtask.api.OverviewResource;
import dev.ormtask.api.Problem;
import dev.ormtask.api.RunResource;
import dev.ormtask.api.TaskResource;
import dev.ormtask.run.ChangeCounter;
import dev.ormtask.run.ResultEncoder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson writes that Quarkus cannot see from REST signatures (problem bodies built in exception mappers, dry
 * run changes and truncated results encoded by hand): registered for reflection so that a native image writes them.
 * The REST resources too: a 403 names the role their methods' {@code @RolesAllowed} asks for.
 */
@RegisterForReflection(targets = {
    Problem.class,
    ChangeCounter.Changes.class,
    ChangeCounter.TableChanges.class,
    ResultEncoder.Truncated.class,
    TaskResource.class,
    RunResource.class,
    DataSourceResource.class,
    OverviewResource.class,
    IdentityResource.class
})
final class NativeReflection {

    private NativeReflection() {}
}
