package dev.ormtask.run;

/** A dry run of a task whose persistence unit does not count changes. */
public class DryRunUnavailableException extends RuntimeException {

    public DryRunUnavailableException(String task, String datasource) {
        super("dry runs of task '" + task + "' need change counting on persistence unit '" + datasource
                + "': set quarkus.hibernate-orm.\"" + datasource
                + "\".unsupported-properties.\"hibernate.stats.factory\"=dev.ormtask.run.DryRunStatistics$Factory");
    }
}
