package dev.ormtask.security;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The generated admin token's file, used when no tokens are configured. Like Jenkins' and Grafana's initial
 * password: made once, printed once, kept with mode 600. A file that exists but cannot be trusted (empty, too short,
 * not a regular file, unreadable, or open to other users) stops the start: guessing what the operator meant could
 * let anyone in, and replacing it silently would lock out every client that holds the old token.
 */
final class AdminTokenFile {

    private static final Logger LOG = Logger.getLogger(AdminTokenFile.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private AdminTokenFile() {}

    /** The token kept in {@code file}, generating it when the file does not exist; refuses a file it cannot trust. */
    static String readOrCreate(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(file)) {
            return create(file);
        }
        return read(file);
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw refused(file, "is not a regular file");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> permissions;
            try {
                permissions = posix.readAttributes().permissions();
            } catch (IOException e) {
                throw refused(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            String mode = PosixFilePermissions.toString(permissions);
            if (!permissions.contains(PosixFilePermission.OWNER_READ)) {
                throw refused(file, "is not readable by its owner (mode " + mode + ")");
            }
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw refused(file, "is open to other users (mode " + mode + "); a token they can read is no secret:"
                        + " chmod 600 it if nobody else could have read it, else delete it");
            }
        }
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // the message of an IOException may quote the file's content: name the kind of failure only
            throw refused(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (token.isEmpty()) {
            throw refused(file, "is empty");
        }
        if (token.length() < ApiClients.MIN_TOKEN_LENGTH) {
            throw refused(file, "holds a token of " + token.length() + " characters; at least "
                    + ApiClients.MIN_TOKEN_LENGTH + " are needed");
        }
        if (token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw refused(file, "holds more than one line, spaces or non-ASCII characters; a token is one word");
        }
        LOG.infof("No API tokens configured: using the generated admin token in %s", file.toAbsolutePath());
        return token;
    }

    private static String create(Path file) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps its default permissions
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the generated admin token in " + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        LOG.warnf("%n%n    No API tokens configured: generated an admin token (shown once; kept in %s):%n%n    %s%n%n"
                + "    Send it as 'Authorization: Bearer <token>'; configure ormtask.security.tokens for real clients.%n",
                file.toAbsolutePath(), token);
        return token;
    }

    // A ConfigurationException: Quarkus prints its message alone, not under a stack trace.
    private static ConfigurationException refused(Path file, String why) {
        return new ConfigurationException("The admin token file " + file.toAbsolutePath() + " " + why + ". The service"
                + " does not start with a token it cannot trust. Delete the file to have a new token generated (clients"
                + " of the old one must then use the new one), or configure ormtask.security.tokens."
                + " (ormtask.security.admin-token-file names the file.)");
    }
}
