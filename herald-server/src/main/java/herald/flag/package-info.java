/**
 * Feature flags of the platform: each belongs to one project of the account and is named by a key
 * unique in that project. Creating and deleting a flag emits {@code flag.created} and
 * {@code flag.removed} in the same transaction as the change, so a receiver hears of every flag
 * that exists or existed, and of none that a refused request did not make.
 */
package herald.flag;
