/**
 * The audit log: who revealed or rotated a signing secret, made an API key or changed a webhook,
 * and when. Each entry is written in the same transaction as the change it records, so the log
 * never shows a change that did not happen nor misses one that did. Entries belong to one account.
 */
package herald.audit;
