package dev.ormtask.config;

import dev.ormtask.api.Problem;
import dev.ormtask.run.ChangeCounter;
import dev.ormtask.run.ResultEncoder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson writes that Quarkus cannot see from REST signatures (problem bodies built in exception mappers, dry
 * run changes and truncated results encoded by hand): registered for reflection so that a native image writes them.
 */
@RegisterForReflection(targets = {
    Problem.class,
    ChangeCounter.Changes.class,
    ChangeCounter.TableChanges.class,
    ResultEncoder.Truncated.class
})
final class NativeReflection {

    private NativeReflection() {}
}
