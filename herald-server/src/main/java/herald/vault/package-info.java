/**
 * Secrets at rest: the master key (from {@code HERALD_MASTER_KEY} or a {@code master.key} file of
 * mode 0600 in the data directory) and the {@link herald.vault.SecretBox} that seals signing secrets
 * and custom headers with AES-GCM under it. Ciphertexts name the key that sealed them, so the key can
 * be rotated.
 */
package herald.vault;
