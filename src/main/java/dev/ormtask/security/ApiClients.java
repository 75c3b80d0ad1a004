package dev.ormtask.security;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The configured API clients and their roles. Tokens are kept only as SHA-256 digests and compared in constant
 * time; they are never logged (except a generated admin token, once, when it is created).
 */
@Startup
@Singleton
public class ApiClients {

    private static final Logger LOG = Logger.getLogger(ApiClients.class);

    /** One client: its name (recorded as who requested a run) and roles. */
    public record Client(String name, Set<String> roles) {}

    private record Entry(Client client, byte[] digest) {}

    private final boolean enabled;
    private final List<Entry> entries = new ArrayList<>();

    ApiClients(SecurityConfig config) {
        this.enabled = config.enabled();
        if (!enabled) {
            LOG.warn("Authentication is OFF (ormtask.security.enabled=false): anyone who can reach this service may"
                    + " start, cancel and pause tasks. Use this only on a closed network or for a local trial.");
            return;
        }
        for (String spec : config.tokens().orElse(List.of())) {
            String[] parts = spec.strip().split(":", 3);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].length() < 16) {
                // never echo the entry: it holds a secret
                throw new IllegalStateException("ormtask.security.tokens: entry " + (entries.size() + 1)
                        + " is not name:role[+role]:token with a token of at least 16 characters");
            }
            entries.add(new Entry(new Client(parts[0], Roles.expand(Set.of(parts[1].split("\\+")))), digest(parts[2])));
        }
        if (entries.isEmpty()) {
            entries.add(new Entry(new Client("admin", Roles.expand(Set.of(Roles.ADMIN))),
                    digest(initialAdminToken(Path.of(config.adminTokenFile())))));
        }
        LOG.infof("API clients: %s", entries.stream().map(e -> e.client().name() + " " + e.client().roles()).toList());
    }

    public boolean enabled() {
        return enabled;
    }

    /** The client holding this token, if any; every entry is compared so that timing says nothing. */
    public Optional<Client> byToken(String token) {
        byte[] digest = digest(token);
        Client found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found = entry.client();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Like Jenkins' and Grafana's initial password: made once, printed once, kept in the data directory. */
    private static String initialAdminToken(Path file) {
        try {
            if (Files.exists(file)) {
                LOG.infof("No API tokens configured: using the generated admin token in %s", file.toAbsolutePath());
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps its default permissions
            }
            LOG.warnf("%n%n    No API tokens configured: generated an admin token (shown once; kept in %s):%n%n    %s%n%n"
                    + "    Send it as 'Authorization: Bearer <token>'; configure ormtask.security.tokens for real clients.%n",
                    file.toAbsolutePath(), token);
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the generated admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
