package dev.ormtask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The feature packages depend on each other one way (api → run → history/task → datasource, config below all): a
 * cycle between two of them is a layer that reaches up. Read from the sources' references to {@code dev.ormtask.*}.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "ormtask");
    // A type (dev.ormtask.run.RunConfig, also in a subpackage) or a whole package (import dev.ormtask.run.*).
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.ormtask\\.(\\w+)(?:\\.[a-z]\\w*)*\\.([A-Z]\\w*|\\*)");

    @Test
    void noFeaturePackageDependsOnOneThatDependsOnIt() {
        Map<String, Map<String, Set<String>>> uses = dependencies();
        assertTrue(uses.keySet().containsAll(Set.of("api", "run", "history", "task", "datasource")), uses.keySet()::toString);
        List<String> cycles = new ArrayList<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from).keySet()) {
                if (from.compareTo(to) < 0 && uses.getOrDefault(to, Map.of()).containsKey(from)) {
                    cycles.add(from + " → " + to + " " + uses.get(from).get(to) + " and " + to + " → " + from + " "
                            + uses.get(to).get(from));
                }
            }
        }
        assertEquals(List.of(), cycles);
        // Longer cycles (a → b → c → a) too: walk from each package and never come back to it.
        for (String start : uses.keySet()) {
            assertTrue(!reachable(uses, start).contains(start), start + " reaches itself through " + uses.get(start).keySet());
        }
    }

    @Test
    void seesACycleWhereThereIsOne() {
        Map<String, Map<String, Set<String>>> uses = new TreeMap<>(Map.of(
                "a", Map.of("b", Set.of("A.java → B")), "b", Map.of("c", Set.of("B.java → C")),
                "c", Map.of("a", Set.of("C.java → A"))));
        assertTrue(reachable(uses, "a").contains("a"));
        assertTrue(!reachable(uses, "c").contains("d"));
    }

    @Test
    void readsEveryFormOfReference() {
        for (String source : List.of("import dev.ormtask.run.RunConfig;", "import dev.ormtask.run.*;",
                "import static dev.ormtask.run.RunStatus.QUEUED;", "new dev.ormtask.run.sub.Thing()")) {
            Matcher m = REFERENCE.matcher(source);
            assertTrue(m.find() && m.group(1).equals("run"), source);
        }
    }

    private static Set<String> reachable(Map<String, Map<String, Set<String>>> uses, String start) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(uses.getOrDefault(start, Map.of()).keySet());
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(uses.getOrDefault(next, Map.of()).keySet());
            }
        }
        return seen;
    }

    /** package → package it references → "File.java → Type" for each reference. */
    private static Map<String, Map<String, Set<String>>> dependencies() {
        Map<String, Map<String, Set<String>>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file).getName(0).toString();
                if (from.endsWith(".java")) {
                    continue; // a class at the root package, if ever
                }
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        uses.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(m.group(1), k -> new TreeSet<>())
                                .add(file.getFileName() + " → " + m.group(2));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }
}
