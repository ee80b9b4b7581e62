package herald.page;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a list to read: at most {@code limit} rows that come after {@code cursor} in the
 * list's order, or the list's first {@code limit} rows when there is no cursor. The cursor is the
 * id (or key) of the last row of the previous page, exactly as that page gave it.
 */
public record PageRequest(Optional<String> cursor, int limit) {

    /** Sorts after every id Herald makes (a lowercase prefix, {@code _}, base32), so {@code id < ?} starts at the newest. */
    private static final String AFTER_EVERY_ID = "~";
    /** Sorts before every key, so {@code key > ?} starts at the first. */
    private static final String BEFORE_EVERY_KEY = "";

    public PageRequest {
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one row, not " + limit);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(Optional.empty(), limit);
    }

    /** For a list newest first ({@code ORDER BY id DESC}): the rows of the page have {@code id < below()}. */
    public String below() {
        return cursor.orElse(AFTER_EVERY_ID);
    }

    /** For a list in ascending order ({@code ORDER BY key}): the rows of the page have {@code key > above()}. */
    public String above() {
        return cursor.orElse(BEFORE_EVERY_KEY);
    }

    /**
     * This page and one row more: a caller that reads it and gets more rows than this page's
     * {@link #limit()} knows that another page follows, without counting the whole list.
     */
    public PageRequest withLookahead() {
        return new PageRequest(cursor, limit + 1);
    }
}
