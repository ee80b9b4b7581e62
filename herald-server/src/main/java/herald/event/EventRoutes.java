package herald.event;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import herald.http.Auth;
import herald.http.Http;
import herald.http.JsonBody;
import herald.http.Routes;
import herald.page.PageRequest;
import herald.problem.BadRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** {@code /v1/events} and {@code /v1/event-types}. */
public final class EventRoutes implements Routes {

    record EventView(String id, String type, @JsonRawValue String data, String idempotencyKey, String createdAt) {
        static EventView of(Event e) {
            return new EventView(e.id().value(), e.type(), e.data(), e.idempotencyKey().orElse(null),
                    Instant.ofEpochMilli(e.createdAt()).toString());
        }
    }

    record PublishedView(String id, int deliveries, boolean replayed) {}

    /** The event id in the path, as given: one that names no event is a 404 where the service looks it up. */
    private static EventId id(Context ctx) {
        return new EventId(ctx.pathParam("id"));
    }

    record CatalogView(List<EventType> data) {}

    private final Events events;
    private final Http http;

    public EventRoutes(Events events, Http http) {
        this.events = events;
        this.http = http;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/event-types", ctx -> {
            Auth.caller(ctx);
            http.json(ctx, 200, new CatalogView(events.catalog().types()));
        });
        routes.post("/v1/events", this::publish);
        routes.post("/v1/events/batch", this::publishBatch);
        routes.get("/v1/events", this::list);
        routes.get("/v1/events/{id}", ctx -> http.json(ctx, 200,
                EventView.of(events.find(Auth.caller(ctx).account(), id(ctx)))));
    }

    private void publish(Context ctx) {
        var account = Auth.caller(ctx).account();
        JsonBody body = http.body(ctx);
        String type = body.text("type");
        JsonNode data = body.required("data");
        var published = events.publish(account,
                new Events.Publication(type, data, body.optionalText("idempotencyKey")));
        http.json(ctx, 202, new PublishedView(published.event().id().value(), published.deliveries(), published.replayed()));
    }

    record BatchView(List<PublishedView> data) {}

    private void publishBatch(Context ctx) {
        var account = Auth.caller(ctx).account();
        JsonBody body = http.body(ctx);
        JsonNode list = body.required("events");
        if (!list.isArray()) {
            throw new BadRequest("invalid_field", "'events' must be an array of events", "events");
        }
        List<Events.Publication> publications = new java.util.ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof ObjectNode event)) {
                throw new BadRequest("invalid_field", "events[" + i + "] must be an object", "events[" + i + "]");
            }
            JsonBody one = JsonBody.of(event);
            try {
                publications.add(new Events.Publication(one.text("type"), one.required("data"),
                        one.optionalText("idempotencyKey")));
            } catch (BadRequest problem) {
                String field = "events[" + i + "]" + problem.field().map(f -> "." + f).orElse("");
                throw new BadRequest(problem.code(), "events[" + i + "]: " + problem.getMessage(), field);
            }
        }
        List<PublishedView> published = events.publishBatch(account, publications).stream()
                .map(p -> new PublishedView(p.event().id().value(), p.deliveries(), p.replayed())).toList();
        http.json(ctx, 202, new BatchView(published));
    }

    private void list(Context ctx) {
        var account = Auth.caller(ctx).account();
        PageRequest page = Http.page(ctx);
        List<Event> fetched = Http.query(ctx, "type")
                .map(type -> events.list(account, type, page.withLookahead()))
                .orElseGet(() -> events.list(account, page.withLookahead()));
        http.json(ctx, 200, Http.Page.of(fetched.stream().map(EventView::of).toList(), page, EventView::id));
    }
}
