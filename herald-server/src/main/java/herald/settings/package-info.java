/**
 * The SDK settings document of each project environment, and the read-only keys SDKs fetch it with.
 * The document lists what an SDK there needs to run: the running experiments (variations and weights,
 * targeting, metrics) and the flags. Its version is the environment's count of {@code settings.changed}
 * events, moved on in the transaction that emits each one (see {@code herald.experiment}), so a
 * receiver told "version 7" fetches a document at version 7 or later, never one that is older.
 */
package herald.settings;
