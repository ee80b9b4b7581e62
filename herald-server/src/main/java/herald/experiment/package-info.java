/**
 * Experiments and their life: configuration, variations and weights, metrics, the state machine
 * (draft → running ⇄ paused → completed), cloning, and the scheduler that completes experiments at
 * their end date. Every change emits its events in the same transaction.
 */
package herald.experiment;
