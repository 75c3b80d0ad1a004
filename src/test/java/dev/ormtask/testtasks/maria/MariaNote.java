package dev.ormtask.testtasks.maria;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An entity of the MariaDB test datasource. */
@Entity
@Table(name = "maria_note")
public class MariaNote extends PanacheEntity {

    @Column(name = "note_text", nullable = false)
    public String text;
}
