package dev.ormtask.security;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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

    /** The shortest token accepted, configured or kept in the admin token file. */
    static final int MIN_TOKEN_LENGTH = 16;

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
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].length() < MIN_TOKEN_LENGTH) {
                // never echo the entry: it holds a secret
                throw new ConfigurationException("ormtask.security.tokens: entry " + (entries.size() + 1)
                        + " is not name:role[+role]:token with a token of at least " + MIN_TOKEN_LENGTH + " characters");
            }
            Entry entry = new Entry(new Client(parts[0], Roles.expand(Set.of(parts[1].split("\\+")))), digest(parts[2]));
            for (Entry other : entries) {
                if (MessageDigest.isEqual(other.digest(), entry.digest())) {
                    // one token for two clients: whichever matched, the other's roles and name would be wrong
                    throw new ConfigurationException("ormtask.security.tokens: clients '" + other.client().name()
                            + "' and '" + entry.client().name() + "' have the same token; give each client its own");
                }
                if (other.client().name().equals(entry.client().name())) {
                    // runs record the client's name: two clients of one name could not be told apart in history
                    throw new ConfigurationException("ormtask.security.tokens: two entries name the client '"
                            + entry.client().name() + "'; give each client its own name (one entry, roles joined"
                            + " with '+', for one client)");
                }
            }
            entries.add(entry);
        }
        Path adminTokenFile = Path.of(config.adminTokenFile());
        if (entries.isEmpty()) {
            entries.add(new Entry(new Client("admin", Roles.expand(Set.of(Roles.ADMIN))),
                    digest(AdminTokenFile.readOrCreate(adminTokenFile))));
        } else if (Files.exists(adminTokenFile)) {
            // A token that worked yesterday now gets 401: say why where the operator looks first.
            LOG.infof("The generated admin token in %s is not accepted: ormtask.security.tokens names the API clients",
                    adminTokenFile.toAbsolutePath());
        }
        LOG.infof("API clients: %s", entries.stream().map(e -> e.client().name() + " " + e.client().roles()).toList());
    }

    public boolean enabled() {
        return enabled;
    }

    /** The client holding this token, if any; every entry is compared so that timing says nothing. */
    public Optional<Client> byToken(String token) {
        if (token == null || token.length() < MIN_TOKEN_LENGTH) {
            return Optional.empty(); // no token is this short, so an empty password or bearer never matches
        }
        byte[] digest = digest(token);
        Client found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found = entry.client();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
