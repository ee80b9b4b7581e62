package herald.db;

/** Runs write work in transactions: one group-committing writer for SQLite, a pool for PostgreSQL. */
interface Writer extends AutoCloseable {

    /** Runs the work in a transaction and returns its result once committed. */
    <T> T submit(Database.Work<T> work);

    @Override
    void close();
}
