/**
 * Payload formats: the body a delivery carries, shaped for Herald's own envelope, for receivers
 * written against Eppo or VWO, or for a chat tool's incoming-webhook URL (Slack, Discord, Teams).
 * A format names the event types it can express; a subscription to any other is refused when the
 * webhook is created or changed. Headers and signatures do not depend on the format: they are
 * computed over whatever bytes the format produced.
 */
package herald.format;
