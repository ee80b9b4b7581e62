/**
 * Which page of a list a caller wants: the cursor the previous page ended on and how many rows to
 * read. Stores and services take it without knowing about HTTP; the HTTP layer builds it from
 * {@code ?cursor=} and {@code ?limit=}, and this package alone knows what bounds a first page.
 */
package herald.page;
