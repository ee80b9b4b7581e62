/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of Herald's API. The paths are a checked
 * document in the jar, tested against the live route table; the {@code webhooks} come from the event catalog.
 */
package herald.openapi;
