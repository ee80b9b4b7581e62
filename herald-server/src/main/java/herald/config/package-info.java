/**
 * Herald's configuration: flags and {@code HERALD_*} environment variables read once at start into
 * immutable records, among them the retry schedule that decides when a failed delivery is tried again.
 */
package herald.config;
