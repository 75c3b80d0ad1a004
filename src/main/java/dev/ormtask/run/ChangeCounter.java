package dev.ormtask.run;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one dry run changed. Hibernate reports each entity insert, update and delete as it flushes (bound to the
 * running thread); on PostgreSQL the server's own per-transaction row counts are added, which also see bulk HQL and
 * native SQL.
 */
public final class ChangeCounter {

    private static final ThreadLocal<ChangeCounter> CURRENT = new ThreadLocal<>();

    private final Map<String, int[]> byEntity = new TreeMap<>();
    private Map<String, TableChanges> tables;

    /** The counter of the dry run executing on this thread, or null. */
    static ChangeCounter current() {
        return CURRENT.get();
    }

    void bind() {
        CURRENT.set(this);
    }

    static void unbind() {
        CURRENT.remove();
    }

    void entityInserted(String entity) {
        count(entity)[0]++;
    }

    void entityUpdated(String entity) {
        count(entity)[1]++;
    }

    void entityDeleted(String entity) {
        count(entity)[2]++;
    }

    /** Rows changed per table, as the database counted them in this transaction. */
    void tables(Map<String, TableChanges> counted) {
        this.tables = Collections.unmodifiableMap(new TreeMap<>(counted));
    }

    private int[] count(String entity) {
        return byEntity.computeIfAbsent(entity.substring(entity.lastIndexOf('.') + 1), e -> new int[3]);
    }

    /** A snapshot for the run record; totals are the database's row counts where known, else entity operations. */
    public Changes snapshot() {
        Map<String, TableChanges> entities = new TreeMap<>();
        byEntity.forEach((name, c) -> entities.put(name, new TableChanges(c[0], c[1], c[2])));
        Map<String, TableChanges> basis = tables != null ? tables : entities;
        long inserted = 0;
        long updated = 0;
        long deleted = 0;
        for (TableChanges c : basis.values()) {
            inserted += c.inserted();
            updated += c.updated();
            deleted += c.deleted();
        }
        return new Changes(inserted, updated, deleted, tables != null ? "database" : "hibernate", entities, tables);
    }

    /**
     * @param countedBy {@code database} (PostgreSQL: every statement) or {@code hibernate} (entity operations only)
     * @param tables rows per table, when the database counted them; else null
     */
    public record Changes(long inserted, long updated, long deleted, String countedBy,
            Map<String, TableChanges> entities, Map<String, TableChanges> tables) {}

    /** Inserts, updates and deletes of one entity type or table. */
    public record TableChanges(long inserted, long updated, long deleted) {}
}
