package dev.ormtask.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated admin token's file, in every state a volume, a failed write or a careless hand can leave it: the
 * service either uses a token it can trust or refuses to start saying what is wrong, and never lets an empty
 * password in.
 */
class AdminTokenFileTest {

    private static final String GOOD = "a-generated-token-of-43-characters-xxxxxxxx";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("admin-token");
    }

    private Path write(String content, String mode) throws Exception {
        Path file = file();
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    /** The service's clients as built at start-up with no tokens configured: the file's token is the admin's. */
    private static ApiClients clients(Path file) {
        return new ApiClients(config(file));
    }

    private static ConfigurationException refusal(Path file) {
        return assertThrows(ConfigurationException.class, () -> clients(file));
    }

    private static void assertRefusedSaying(Path file, String why) {
        String message = refusal(file).getMessage();
        assertTrue(message.contains(file.toAbsolutePath().toString()), "names the file: " + message);
        assertTrue(message.contains(why), "says '" + why + "': " + message);
        assertTrue(message.contains("Delete the file to have a new token generated"), "says how to fix it: " + message);
    }

    @Test
    void anAbsentFileGetsAFreshTokenReadableByItsOwnerOnly() throws Exception {
        clients(file());
        String token = Files.readString(file()).strip();
        assertTrue(token.length() >= 40, token);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertEquals("admin", clients(file()).byToken(token).orElseThrow().name(), "the next start reads the same token");
    }

    @Test
    void aGoodFileIsUsedAsItIsWhitespaceAroundTheTokenIgnored() throws Exception {
        assertEquals("admin", clients(write("  " + GOOD + "\n\n", "rw-------")).byToken(GOOD).orElseThrow().name());
        assertEquals("admin", clients(write(GOOD, "r--------")).byToken(GOOD).orElseThrow().name());
    }

    @Test
    void anEmptyFileStopsTheStart() throws Exception {
        assertRefusedSaying(write("", "rw-------"), "is empty");
    }

    @Test
    void aFileOfWhitespaceStopsTheStart() throws Exception {
        assertRefusedSaying(write(" \n\t\r\n", "rw-------"), "is empty");
    }

    @Test
    void aShortTokenStopsTheStart() throws Exception {
        assertRefusedSaying(write("short-15-chars!\n", "rw-------"), "holds a token of 15 characters; at least 16");
    }

    @Test
    void twoLinesStopTheStart() throws Exception {
        assertRefusedSaying(write(GOOD + "\n" + GOOD + "\n", "rw-------"), "holds more than one line");
    }

    @ParameterizedTest(name = "mode {0}")
    @CsvSource({"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rwx---r-x"})
    void aFileOpenToOtherUsersStopsTheStart(String mode) throws Exception {
        assertRefusedSaying(write(GOOD, mode), "is open to other users (mode " + mode + ")");
    }

    @Test
    void anUnreadableFileStopsTheStart() throws Exception {
        // Refused by its mode, so that this holds even for root, whom the kernel lets read a mode-000 file.
        assertRefusedSaying(write(GOOD, "---------"), "is not readable by its owner (mode ---------)");
        assertRefusedSaying(write(GOOD, "-w-------"), "is not readable by its owner (mode -w-------)");
    }

    @Test
    void aDirectoryInsteadOfAFileStopsTheStart() throws Exception {
        Files.createDirectory(file());
        assertRefusedSaying(file(), "is not a regular file");
    }

    @Test
    void aLinkToNothingStopsTheStartInsteadOfWritingThroughIt() throws Exception {
        Path target = dir.resolve("elsewhere");
        Files.createSymbolicLink(file(), target);
        assertRefusedSaying(file(), "is not a regular file");
        assertFalse(Files.exists(target), "nothing was written through the link");
    }

    @Test
    void theRefusalNeverQuotesTheFilesContent() throws Exception {
        String secretish = "x".repeat(12);
        String message = refusal(write(secretish, "rw-r--r--")).getMessage();
        assertFalse(message.contains(secretish), message);
    }

    @Test
    void anEmptyPasswordOrBearerNeverMatches() throws Exception {
        ApiClients clients = clients(write(GOOD, "rw-------"));
        assertEquals("admin", clients.byToken(GOOD).orElseThrow().name());
        for (String token : new String[] {"", " ", GOOD.substring(0, 15), null}) {
            assertEquals(Optional.empty(), clients.byToken(token), "token '" + token + "'");
        }
    }

    static SecurityConfig config(Path tokenFile, String... tokens) {
        return new SecurityConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Optional<List<String>> tokens() {
                return tokens.length == 0 ? Optional.empty() : Optional.of(List.of(tokens));
            }

            @Override
            public String adminTokenFile() {
                return tokenFile.toString();
            }
        };
    }
}
