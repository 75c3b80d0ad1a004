package dev.ormtask.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The run layer reads its node's name and its clock from one bean, {@link NodeIdentity}: no other bean of the layer is
 * handed a {@link java.time.Clock}, so a test that sets the node's clock sets it for every rule of the layer.
 */
class NodeIdentityUseTest {

    @Test
    void noRunBeanButNodeIdentityIsHandedAClock() throws Exception {
        List<String> beans = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/ormtask/run"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                Class<?> type = Class.forName("dev.ormtask.run." + name, false, getClass().getClassLoader());
                if (!isBean(type)) {
                    continue;
                }
                beans.add(name);
                if (type == NodeIdentity.class) {
                    continue;
                }
                for (java.lang.reflect.Type parameter : beanConstructor(type).getGenericParameterTypes()) {
                    if (namesClock(parameter)) {
                        offending.add(name + "(" + parameter.getTypeName() + ")");
                    }
                }
                for (java.lang.reflect.Field field : type.getDeclaredFields()) {
                    if (field.isAnnotationPresent(Inject.class) && namesClock(field.getGenericType())) {
                        offending.add(name + "." + field.getName());
                    }
                }
            }
        }
        assertTrue(beans.size() > 15, "found the run layer's beans: " + beans);
        assertEquals(List.of(), offending);
    }

    private static boolean isBean(Class<?> type) {
        return type.isAnnotationPresent(jakarta.inject.Singleton.class)
                || type.isAnnotationPresent(jakarta.enterprise.context.ApplicationScoped.class)
                || type.isAnnotationPresent(jakarta.enterprise.context.RequestScoped.class)
                || type.isAnnotationPresent(jakarta.enterprise.context.Dependent.class);
    }

    // Clock itself, or a way to it: Instance<Clock>, Provider<Clock>, Supplier<Clock>.
    private static boolean namesClock(java.lang.reflect.Type type) {
        return type.getTypeName().matches("(.*<)?java\\.time\\.Clock>?");
    }

    // The constructor CDI calls: the one marked @Inject, else the only one, else the one without parameters.
    private static Constructor<?> beanConstructor(Class<?> type) {
        Constructor<?>[] constructors = type.getDeclaredConstructors();
        return Arrays.stream(constructors).filter(c -> c.isAnnotationPresent(Inject.class)).findFirst()
                .orElseGet(() -> constructors.length == 1 ? constructors[0]
                        : Arrays.stream(constructors).filter(c -> c.getParameterCount() == 0).findFirst().orElseThrow());
    }
}
