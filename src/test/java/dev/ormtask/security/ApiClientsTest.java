package dev.ormtask.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configured clients: each token belongs to one client, and a refusal never shows a token. */
class ApiClientsTest {

    private static final String SHARED = "one-token-for-two-clients";

    @TempDir
    Path dir;

    @Test
    void oneTokenForTwoClientsStopsTheStartNamingBothButNotTheToken() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new ApiClients(
                AdminTokenFileTest.config(dir.resolve("unused"), "alice:viewer:" + SHARED, "bob:admin:" + SHARED)));
        assertTrue(e.getMessage().contains("'alice'") && e.getMessage().contains("'bob'"), e.getMessage());
        assertFalse(e.getMessage().contains(SHARED), e.getMessage());
    }

    @Test
    void twoEntriesOfOneClientNameStopTheStart() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new ApiClients(
                AdminTokenFileTest.config(dir.resolve("unused"), "alice:admin:alice-token-0000000001",
                        "alice:viewer:alice-token-0000000002")));
        assertTrue(e.getMessage().contains("two entries name the client 'alice'"), e.getMessage());
        assertFalse(e.getMessage().contains("alice-token"), e.getMessage());
    }

    @Test
    void eachClientKeepsItsOwnRoles() {
        ApiClients clients = new ApiClients(AdminTokenFileTest.config(dir.resolve("unused"),
                "alice:viewer:alice-token-0000000001", "bob:admin:bob-token-00000000000002"));
        assertEquals(Set.of(Roles.VIEWER), clients.byToken("alice-token-0000000001").orElseThrow().roles());
        assertEquals("bob", clients.byToken("bob-token-00000000000002").orElseThrow().name());
    }

    @Test
    void aShortConfiguredTokenStopsTheStartWithoutShowingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new ApiClients(
                AdminTokenFileTest.config(dir.resolve("unused"), "carol:operator:tooshort")));
        assertTrue(e.getMessage().contains("entry 1"), e.getMessage());
        assertFalse(e.getMessage().contains("tooshort"), e.getMessage());
    }
}
