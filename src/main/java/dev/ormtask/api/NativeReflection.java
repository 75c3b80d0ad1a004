package dev.ormtask.api;

import dev.ormtask.run.ChangeCounter;
import dev.ormtask.run.ResultEncoder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson writes that Quarkus cannot see from REST signatures (problem bodies built in exception mappers, dry
 * run changes and truncated results encoded by hand): registered for reflection so that a native image writes them.
 * The REST resources too: a 403 names the role their methods' {@code @RolesAllowed} asks for. It lives in the API
 * layer, the top one, so that it may name types of the layers below.
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
