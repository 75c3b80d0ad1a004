package dev.ormtask.datasource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.runtime.AgroalDataSourceUtil;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.datasource.runtime.DataSourcesBuildTimeConfig;
import io.quarkus.hibernate.orm.PersistenceUnit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hibernate.Session;

/** The Quarkus datasources this service was built with, and the ORM session bound to each. */
@ApplicationScoped
public class DataSourceCatalog {

    /** Quarkus' name for the unnamed datasource and persistence unit. */
    public static final String DEFAULT = DataSourceUtil.DEFAULT_DATASOURCE_NAME;

    private final SortedMap<String, String> dbKinds = new TreeMap<>();

    @Inject
    DataSourceCatalog(DataSourcesBuildTimeConfig config) {
        config.dataSources().forEach((name, ds) -> ds.dbKind().ifPresent(kind -> dbKinds.put(name, kind)));
    }

    /** A catalog of given names and kinds, for code that runs without Quarkus (unit tests). */
    public DataSourceCatalog(Map<String, String> dbKinds) {
        this.dbKinds.putAll(dbKinds);
    }

    /** Datasource names with their db kind, sorted by name. */
    public SortedMap<String, String> dbKinds() {
        return dbKinds;
    }

    public boolean exists(String name) {
        return dbKinds.containsKey(name);
    }

    /** The pool of an active datasource; empty for an unknown or deactivated one. */
    public Optional<AgroalDataSource> dataSource(String name) {
        return exists(name) ? AgroalDataSourceUtil.dataSourceIfActive(name) : Optional.empty();
    }

    /**
     * The transaction-scoped session of the persistence unit named like the datasource; empty when there is
     * none. Tasks rely on the convention "persistence unit name = datasource name".
     */
    public Optional<Session> session(String name) {
        InjectableInstance<Session> instance = Arc.container().select(Session.class, persistenceUnit(name));
        return instance.isResolvable() ? Optional.of(instance.get()) : Optional.empty();
    }

    private static Annotation persistenceUnit(String name) {
        return DataSourceUtil.isDefault(name) ? Default.Literal.INSTANCE : new PersistenceUnit.PersistenceUnitLiteral(name);
    }
}
