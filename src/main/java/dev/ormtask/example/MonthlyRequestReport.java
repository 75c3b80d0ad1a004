package dev.ormtask.example;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** How many requests a month had; one row per month, rewritten when the month is counted again. */
@Entity
@Table(name = "monthly_request_report")
public class MonthlyRequestReport extends PanacheEntity {

    /** The first day of the month counted. */
    @Column(name = "month_start", nullable = false, unique = true)
    public LocalDate monthStart;

    @Column(name = "request_count", nullable = false)
    public long requestCount;

    @Column(name = "computed_at", nullable = false)
    public LocalDateTime computedAt;
}
