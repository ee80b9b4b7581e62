/**
 * Rate limits: a token bucket, and per-key buckets for the per-account publish limit. The
 * dispatcher uses the same bucket for each webhook's optional outbound limit.
 */
package herald.limit;
