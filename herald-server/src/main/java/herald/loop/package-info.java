/**
 * Background work without polling: a {@code Wakeup} that a commit (on this node or, through the
 * cluster's notifications, on another) rings for the dispatcher or a job, and the
 * {@code BackgroundLoop} thread that the scheduled jobs run on.
 */
package herald.loop;
