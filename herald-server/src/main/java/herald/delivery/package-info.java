/**
 * Getting events to receivers: the queue's SQL, the dispatcher that claims due deliveries under a
 * lease and runs each through load → build body → sign → send → record outcome, the retry schedule
 * and auto-disable decisions, delivery history, redelivery and the retention purge.
 */
package herald.delivery;
