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
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Session;

/** The Quarkus datasources this service was built with, and the ORM session bound to each. */
@ApplicationScoped
public class DataSourceCatalog {

    /** Quarkus' name for the unnamed datasource and persistence unit. */
    public static final String DEFAULT = DataSourceUtil.DEFAULT_DATASOURCE_NAME;

    private final SortedMap<String, String> dbKinds = new TreeMap<>();
    // Whether each datasource is active: fixed for the life of the process, so looked up once per name.
    private final Map<String, Boolean> active = new ConcurrentHashMap<>();

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

    /** Whether the datasource is configured and active (it has a URL and is not switched off). */
    public boolean active(String name) {
        return active.computeIfAbsent(name, n -> exists(n) && AgroalDataSourceUtil.dataSourceIfActive(n).isPresent());
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
