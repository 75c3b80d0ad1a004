package dev.ormtask.example;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** A login session of the example application; expired ones are purged by {@link PurgeExpiredSessionsTask}. */
@Entity
@Table(name = "user_session")
public class UserSession extends PanacheEntity {

    @Column(name = "user_name", nullable = false)
    public String userName;

    @Column(name = "expires_at", nullable = false)
    public LocalDateTime expiresAt;
}
