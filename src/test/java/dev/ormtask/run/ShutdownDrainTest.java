package dev.ormtask.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.history.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Clients waiting on a node: answered early when it stops, and forgotten once answered. */
class ShutdownDrainTest {

    private final ShutdownDrain drain = new ShutdownDrain(null, null, null, new HeartbeatGate());

    @Test
    void anAnsweredClientIsForgotten() {
        // Every sync start and waiting read passes here: 100,000 of them must leave nothing behind.
        for (int i = 0; i < 100_000; i++) {
            CompletableFuture<RunRecord> answer = new CompletableFuture<>();
            drain.answerEarlyOnStop(answer);
            answer.complete(null);
        }
        assertEquals(0, drain.waitingCount());
    }

    @Test
    void clientsStillWaitingAreAnsweredWhenTheNodeStopsAndLaterOnesAtOnce() {
        List<CompletableFuture<RunRecord>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CompletableFuture<RunRecord> answer = new CompletableFuture<>();
            drain.answerEarlyOnStop(answer);
            waiting.add(answer);
        }
        assertEquals(3, drain.waitingCount());

        drain.releaseWaiters();

        assertTrue(waiting.stream().allMatch(CompletableFuture::isDone), "every waiting client is answered");
        assertEquals(0, drain.waitingCount());
        CompletableFuture<RunRecord> late = new CompletableFuture<>();
        drain.answerEarlyOnStop(late);
        assertTrue(late.isDone(), "a client that comes after the release is answered at once");
        assertNull(late.join(), "with what is known: the caller answers with the run as it is");
    }
}
