/**
 * HTTP plumbing shared by every feature: the Javalin server, bearer authentication, JSON bodies,
 * pagination and the mapping of {@link herald.problem.Problem}s to the contract's error body.
 * Features register their own routes through {@link herald.http.Routes}.
 */
package herald.http;
