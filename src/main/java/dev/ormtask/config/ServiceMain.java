package dev.ormtask.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The service's entry point: makes its data directory private before anything writes there, refuses one another
 * process uses, then starts Quarkus.
 */
@QuarkusMain
public class ServiceMain {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    public static void main(String... args) {
        Path dataDir = dataDirectory();
        createPrivate(dataDir);
        Path inUse = databaseInUse(dataDir);
        if (inUse != null) {
            // H2 refuses a database file another process holds, and the start retried it as an unreachable database
            // for about two minutes, then stopped with a stack trace.
            System.err.println("The data directory " + dataDir.toAbsolutePath() + " is in use by another process ("
                    + inUse.getFileName() + " is locked): stop that process, or give each process its own"
                    + " ORMTASK_DATA_DIR.");
            System.exit(1);
        }
        Quarkus.run(args);
    }

    /**
     * An embedded H2 database file in the data directory that another process holds open, or null. H2 locks the files
     * it opens (FileChannel.tryLock); a lock taken here to find out is let go at once, before H2 opens the file.
     */
    static Path databaseInUse(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> databases = Files.newDirectoryStream(dir, "*.mv.db")) {
            for (Path database : databases) {
                try (FileChannel channel = FileChannel.open(database, StandardOpenOption.READ, StandardOpenOption.WRITE);
                        FileLock lock = channel.tryLock()) {
                    if (lock == null) {
                        return database;
                    }
                } catch (IOException | OverlappingFileLockException e) {
                    // not ours to judge (read-only, vanished): H2 says what is wrong when it opens the file
                }
            }
        } catch (IOException e) {
            // an unreadable directory: the start's own error names it
        }
        return null;
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
