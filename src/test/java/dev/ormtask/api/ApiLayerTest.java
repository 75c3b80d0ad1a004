package dev.ormtask.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API reads and writes runs through the run layer ({@code RunService}, {@code RunReads}): no API class holds a
 * bean of the history layer, whose statements and storage may change under it. Value types of history (a run, its
 * status, a progress report) may pass through.
 */
class ApiLayerTest {

    @Test
    void noApiClassHoldsAHistoryBean() throws Exception {
        List<Class<?>> api = apiClasses();
        assertTrue(api.size() > 20, "found the API's classes: " + api);
        List<String> offending = new ArrayList<>();
        for (Class<?> type : api) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                for (Class<?> parameter : constructor.getParameterTypes()) {
                    if (isHistoryBean(parameter)) {
                        offending.add(type.getSimpleName() + "(" + parameter.getSimpleName() + ")");
                    }
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (isHistoryBean(field.getType())) {
                    offending.add(type.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertEquals(List.of(), offending);
    }

    /**
     * Nor reaches one another way: a static call, a CDI lookup or a class literal in its source. A value type nested
     * in a history bean ({@code RunCounts.TaskCounts}) may pass through.
     */
    @Test
    void noApiSourceNamesAHistoryBean() throws Exception {
        List<String> beans = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/ormtask/history"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                if (isHistoryBean(Class.forName("dev.ormtask.history." + name, false, getClass().getClassLoader()))) {
                    beans.add(name);
                }
            }
        }
        assertTrue(beans.contains("RunHistory") && beans.contains("RunCounts"), "found history's beans: " + beans);
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/ormtask/api"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                String code = source.replaceAll("(?m)^import (?!static ).*$", "");
                for (String bean : beans) {
                    java.util.regex.Matcher uses = java.util.regex.Pattern.compile("\\b" + bean + "\\b(\\.(\\w+))?")
                            .matcher(code);
                    while (uses.find()) {
                        if (uses.group(2) == null || !isValueType(bean, uses.group(2))) {
                            offending.add(file.getFileName() + ": " + uses.group());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }

    // A record or enum nested in a history bean (RunCounts.TaskCounts): a value passed through, not a way into it.
    private static boolean isValueType(String bean, String member) {
        try {
            Class<?> nested = Class.forName("dev.ormtask.history." + bean + "$" + member, false,
                    ApiLayerTest.class.getClassLoader());
            return nested.isRecord() || nested.isEnum();
        } catch (ClassNotFoundException e) {
            return false; // a method, field or constant of the bean
        }
    }

    // A history class that is a bean (a repository or a writer), as opposed to a value type such as RunRecord.
    private static boolean isHistoryBean(Class<?> type) {
        return type.getPackageName().equals("dev.ormtask.history")
                && (type.isAnnotationPresent(jakarta.inject.Singleton.class)
                        || type.isAnnotationPresent(jakarta.enterprise.context.ApplicationScoped.class));
    }

    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(RunViews.class.getResource("RunViews.class").toURI()).getParent();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                classes.add(Class.forName("dev.ormtask.api." + name, false, ApiLayerTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}
