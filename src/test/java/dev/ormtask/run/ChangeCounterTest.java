package dev.ormtask.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ormtask.run.ChangeCounter.Changes;
import dev.ormtask.run.ChangeCounter.TableChanges;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChangeCounterTest {

    @Test
    void countsAggregateBySimpleEntityName() {
        ChangeCounter counter = new ChangeCounter();
        counter.entityInserted("dev.ormtask.example.UserSession");
        counter.entityInserted("dev.ormtask.example.UserSession");
        counter.entityInserted("UserSession");
        counter.entityUpdated("other.pkg.UserSession");
        counter.entityDeleted("dev.ormtask.example.DemoNote");
        counter.entityDeleted("dev.ormtask.example.DemoNote");

        Changes changes = counter.snapshot();

        assertEquals(Map.of(
                        "UserSession", new TableChanges(3, 1, 0),
                        "DemoNote", new TableChanges(0, 0, 2)),
                changes.entities());
    }

    @Test
    void entitiesAreListedByName() {
        ChangeCounter counter = new ChangeCounter();
        counter.entityInserted("b.Zebra");
        counter.entityInserted("a.Apple");
        counter.entityInserted("c.Mango");

        assertEquals(List.of("Apple", "Mango", "Zebra"), List.copyOf(counter.snapshot().entities().keySet()));
    }

    @Test
    void totalsComeFromEntitiesWhenDatabaseDidNotCount() {
        ChangeCounter counter = new ChangeCounter();
        counter.entityInserted("x.RequestLog");
        counter.entityInserted("x.RequestLog");
        counter.entityUpdated("x.UserSession");
        counter.entityDeleted("x.UserSession");
        counter.entityDeleted("x.DemoNote");

        Changes changes = counter.snapshot();

        assertEquals("hibernate", changes.countedBy());
        assertEquals(2, changes.inserted());
        assertEquals(1, changes.updated());
        assertEquals(2, changes.deleted());
        assertNull(changes.tables());
    }

    @Test
    void totalsComeFromTablesWhenDatabaseCounted() {
        ChangeCounter counter = new ChangeCounter();
        counter.entityDeleted("x.UserSession");
        Map<String, TableChanges> tables = Map.of(
                "user_session", new TableChanges(0, 0, 500),
                "request_log", new TableChanges(7, 2, 0));
        counter.tables(tables);

        Changes changes = counter.snapshot();

        assertEquals("database", changes.countedBy());
        assertEquals(7, changes.inserted());
        assertEquals(2, changes.updated());
        assertEquals(500, changes.deleted());
        assertEquals(tables, changes.tables());
        // Entity operations are still reported next to the database's counts.
        assertEquals(Map.of("UserSession", new TableChanges(0, 0, 1)), changes.entities());
    }

    @Test
    void emptyCounterReportsZeroChanges() {
        Changes changes = new ChangeCounter().snapshot();

        assertEquals(new Changes(0, 0, 0, "hibernate", Map.of(), null), changes);
    }

    @Test
    void snapshotDoesNotChangeWithLaterCounts() {
        ChangeCounter counter = new ChangeCounter();
        counter.entityInserted("x.DemoNote");
        Changes before = counter.snapshot();
        counter.entityInserted("x.DemoNote");

        assertEquals(1, before.inserted());
        assertEquals(new TableChanges(1, 0, 0), before.entities().get("DemoNote"));
        assertEquals(2, counter.snapshot().inserted());
    }

    @Test
    void boundCounterIsCurrentOnlyOnItsThreadUntilUnbound() throws Exception {
        ChangeCounter counter = new ChangeCounter();
        counter.bind();
        try {
            assertSame(counter, ChangeCounter.current());
            assertNull(CompletableFuture.supplyAsync(ChangeCounter::current).get());
        } finally {
            ChangeCounter.unbind();
        }
        assertNull(ChangeCounter.current());
    }
}
