package dev.ormtask.example;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** One HTTP request served by the example application (UTC wall-clock time). */
@Entity
@Table(name = "request_log")
public class RequestLog extends PanacheEntity {

    @Column(name = "path", nullable = false)
    public String path;

    @Column(name = "requested_at", nullable = false)
    public LocalDateTime requestedAt;
}
