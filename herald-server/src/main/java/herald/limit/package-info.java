/**
 * Rate limits: a token bucket, and per-key buckets for the per-account publish limit
 * and the dashboard's limit on failed sign-ins per client address. The
 * dispatcher uses the same bucket for each webhook's optional outbound limit.
 */
package herald.limit;
