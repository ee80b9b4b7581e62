/**
 * Herald's ids: opaque, prefixed and time-ordered ({@code wh_01JD...}), so a glance tells what an id
 * names and inserts land at the end of the indexes.
 */
package herald.id;
