package dev.ormtask.example;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A note written by the demo tasks: {@link FailOnPurposeTask}'s never remain, {@link HoldTransactionTask}'s do. */
@Entity
@Table(name = "demo_note")
public class DemoNote extends PanacheEntity {

    @Column(name = "note_text", nullable = false)
    public String text;
}
