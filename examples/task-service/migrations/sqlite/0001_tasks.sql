-- The tasks table, SQLite flavour (booleans as 0/1, as in the PostgreSQL flavour).
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    done INTEGER NOT NULL
);
