/**
 * Accounts (tenants), their plans and API keys, the operator token, and who a bearer token
 * belongs to. Credentials are stored only as hashes.
 */
package herald.account;
