package dev.ormtask.run;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.internal.StatisticsImpl;
import org.hibernate.stat.spi.StatisticsFactory;
import org.hibernate.stat.spi.StatisticsImplementor;

/**
 * Hibernate statistics that are switched on only on a thread running a dry run, and then feed that run's
 * {@link ChangeCounter}: exact per-run counts, and no statistics cost for ordinary runs. Installed per persistence
 * unit with {@code unsupported-properties."hibernate.stats.factory"} (see README).
 */
public class DryRunStatistics extends StatisticsImpl {

    DryRunStatistics(SessionFactoryImplementor sessionFactory) {
        super(sessionFactory);
    }

    @Override
    public boolean isStatisticsEnabled() {
        return ChangeCounter.current() != null;
    }

    @Override
    public void insertEntity(String entityName) {
        ChangeCounter counter = ChangeCounter.current();
        if (counter != null) {
            counter.entityInserted(entityName);
        }
    }

    @Override
    public void upsertEntity(String entityName) {
        insertEntity(entityName);
    }

    @Override
    public void updateEntity(String entityName) {
        ChangeCounter counter = ChangeCounter.current();
        if (counter != null) {
            counter.entityUpdated(entityName);
        }
    }

    @Override
    public void deleteEntity(String entityName) {
        ChangeCounter counter = ChangeCounter.current();
        if (counter != null) {
            counter.entityDeleted(entityName);
        }
    }

    /** Named in configuration, so Hibernate instantiates it reflectively. */
    @RegisterForReflection
    public static class Factory implements StatisticsFactory {

        @Override
        public StatisticsImplementor buildStatistics(SessionFactoryImplementor sessionFactory) {
            return new DryRunStatistics(sessionFactory);
        }
    }
}
