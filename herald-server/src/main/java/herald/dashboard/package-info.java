/**
 * The dashboard: server-rendered pages under {@code /dashboard} where people manage webhooks, read
 * their delivery history and run experiments. Pages call the same services as the API, so every
 * rule and every error message is the API's. Sign-in gives a session cookie (only its hash is
 * stored); every change is a POST that carries the session's CSRF token and comes from Herald's own
 * origin. Every value reaches the page through {@link herald.dashboard.Html}, which escapes it.
 */
package herald.dashboard;
