/**
 * The refusals Herald answers with: one unchecked exception per HTTP error class of the contract
 * (400, 401, 403, 404, 409, 413, 422, 429), each carrying a stable code and, where it applies, the
 * field at fault. Thrown by domain code, mapped to JSON in one place by the HTTP server.
 */
package herald.problem;
