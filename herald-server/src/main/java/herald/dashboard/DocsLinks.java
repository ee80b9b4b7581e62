package herald.dashboard;

import io.javalin.http.Context;
import java.util.Map;

/** Which docs page explains each dashboard page, by route; the header's "Docs" link goes there. */
final class DocsLinks {

    static final String FALLBACK = "/docs/dashboard.md";

    static final Map<String, String> BY_ROUTE = Map.ofEntries(
            Map.entry("/dashboard/login", "/docs/getting-started.md"),
            Map.entry("/dashboard/webhooks", "/docs/concepts.md#webhooks"),
            Map.entry("/dashboard/webhooks/new", "/docs/concepts.md#webhooks"),
            Map.entry("/dashboard/webhooks/{id}", "/docs/concepts.md#webhooks"),
            Map.entry("/dashboard/webhooks/{id}/edit", "/docs/concepts.md#webhooks"),
            Map.entry("/dashboard/webhooks/{id}/rotate", "/docs/getting-started.md#5-send-a-delivery-and-verify-the-signature"),
            Map.entry("/dashboard/webhooks/{id}/delete", "/docs/concepts.md#webhooks"),
            Map.entry("/dashboard/webhooks/{id}/history", "/docs/troubleshooting.md"),
            Map.entry("/dashboard/deliveries/{id}", "/docs/concepts.md#deliveries-and-retries"),
            Map.entry("/dashboard/experiments", "/docs/platform.md#experiments"),
            Map.entry("/dashboard/experiments/new", "/docs/platform.md#experiments"),
            Map.entry("/dashboard/experiments/{id}", "/docs/analysis.md"),
            Map.entry("/dashboard/experiments/{id}/edit", "/docs/platform.md#experiments"),
            Map.entry("/dashboard/experiments/{id}/clone", "/docs/platform.md#experiments"));

    private DocsLinks() {}

    /** The docs of the page this request renders: its route's, else the dashboard's own page. */
    static String of(Context ctx) {
        return BY_ROUTE.getOrDefault(ctx.endpoint().path, FALLBACK);
    }
}
