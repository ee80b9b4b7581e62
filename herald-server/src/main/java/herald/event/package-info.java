/**
 * Events: the catalog of event types Herald knows, each with the JSON Schema of its {@code data} and an
 * example; the publishing of events, from the platform's own changes or from {@code POST /v1/events};
 * and their fan-out to the webhooks that subscribe to them.
 */
package herald.event;
