/**
 * The rules for keys and display names that requests give to the platform's objects (projects,
 * metrics, flags, experiments): one definition, so every resource refuses the same inputs the same way.
 */
package herald.key;
