-- Hibernate asks for maria_note_SEQ, and MariaDB names are case-sensitive on Linux.
CREATE SEQUENCE maria_note_SEQ START WITH 1 INCREMENT BY 50;
CREATE TABLE maria_note (
    id        BIGINT       NOT NULL PRIMARY KEY,
    note_text VARCHAR(200) NOT NULL
);
