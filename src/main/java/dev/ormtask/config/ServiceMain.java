package dev.ormtask.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The service's entry point: makes its data directory private before anything writes there, then starts Quarkus. */
@QuarkusMain
public class ServiceMain {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    public static void main(String... args) {
        createPrivate(dataDirectory());
        Quarkus.run(args);
    }

    // History keeps run parameters as given, secret ones included, and H2 creates its files with the process's umask,
    // usually readable by every local user: a data directory the service creates is its owner's alone. One that exists
    // is left as the operator made it (a mounted volume's mode is the platform's to set).
    static void createPrivate(Path dir) {
        if (Files.exists(dir)) {
            return;
        }
        try {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            // H2 or the admin token's file names the directory and the cause in the start's own error
        }
    }

    // The same lookup as ${ORMTASK_DATA_DIR:./data} in application.properties: a system property, then the
    // environment; an empty value counts as none.
    static Path dataDirectory() {
        String value = System.getProperty("ORMTASK_DATA_DIR");
        if (value == null || value.isBlank()) {
            value = System.getenv("ORMTASK_DATA_DIR");
        }
        return Path.of(value == null || value.isBlank() ? "./data" : value);
    }
}
