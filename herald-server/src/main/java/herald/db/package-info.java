/**
 * The database: connections, the group-committing writer, SQL dialects and the numbered migrations
 * in {@code resources/db/migration}. The database is both Herald's source of truth and its delivery
 * queue; feature packages keep their SQL in their own store classes and reach it through {@link herald.db.Tx}.
 */
package herald.db;
