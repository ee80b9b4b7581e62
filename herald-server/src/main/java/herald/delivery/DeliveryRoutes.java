package herald.delivery;

import herald.account.Account;
import herald.account.Caller;
import herald.account.Plan;
import herald.http.Auth;
import herald.http.Http;
import herald.http.JsonBody;
import herald.http.Routes;
import herald.page.PageRequest;
import herald.problem.Invalid;
import herald.webhook.WebhookId;
import herald.wire.WireTime;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Delivery history ({@code /v1/webhooks/{id}/deliveries}, {@code /v1/deliveries} across webhooks,
 * {@code /v1/deliveries/{id}}), redelivery, and bulk recovery ({@code /v1/webhooks/{id}/recover}).
 */
public final class DeliveryRoutes implements Routes {

    /** A delivery as the history shows it; {@code heldReason} says why a held one waits. */
    record DeliveryView(String id, String webhookId, String eventId, String eventType, String status, int attempts,
                        Integer responseCode, String responseBody, String error, String createdAt,
                        String lastAttemptAt, String nextAttemptAt, String heldReason, String subject,
                        Long sequence) {
        static DeliveryView of(Delivery d, Plan plan) {
            return new DeliveryView(d.id().value(), d.webhookId().value(), d.eventId().value(), d.eventType(), d.status().wireName(),
                    d.attempts(), d.responseCode().orElse(null), d.responseBody().orElse(null), d.error().orElse(null),
                    time(d.createdAt()), d.lastAttemptAt().map(DeliveryRoutes::time).orElse(null),
                    d.nextAttemptAt().map(DeliveryRoutes::time).orElse(null),
                    d.heldReason(plan).map(Delivery.HeldReason::wireName).orElse(null),
                    d.order().map(SubjectSequence::subject).orElse(null),
                    d.order().map(SubjectSequence::sequence).orElse(null));
        }
    }

    record AttemptView(int attempt, String startedAt, long durationMs, Integer responseCode, String responseBody,
                       String error) {
        static AttemptView of(Attempt a) {
            return new AttemptView(a.attempt(), time(a.startedAt()), a.durationMillis(), a.responseCode().orElse(null),
                    a.responseBody().orElse(null), a.error().orElse(null));
        }
    }

    record DetailView(String id, String webhookId, String eventId, String eventType, String status, int attempts,
                      Integer responseCode, String responseBody, String error, String createdAt,
                      String lastAttemptAt, String nextAttemptAt, String heldReason, String subject, Long sequence,
                      List<AttemptView> attemptLog) {
        static DetailView of(Deliveries.Detail detail, Plan plan) {
            DeliveryView d = DeliveryView.of(detail.delivery(), plan);
            return new DetailView(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.status(), d.attempts(),
                    d.responseCode(), d.responseBody(), d.error(), d.createdAt(), d.lastAttemptAt(), d.nextAttemptAt(),
                    d.heldReason(), d.subject(), d.sequence(), detail.attempts().stream().map(AttemptView::of).toList());
        }
    }

    record RecoveryView(long count) {}

    private final Deliveries deliveries;
    private final Http http;

    public DeliveryRoutes(Deliveries deliveries, Http http) {
        this.deliveries = deliveries;
        this.http = http;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/webhooks/{id}/deliveries", this::history);
        routes.get("/v1/deliveries", this::acrossWebhooks);
        routes.post("/v1/webhooks/{id}/recover", this::recover);
        routes.get("/v1/deliveries/{id}", ctx -> {
            Account account = Auth.caller(ctx).account();
            http.json(ctx, 200, DetailView.of(deliveries.find(account, new DeliveryId(ctx.pathParam("id"))), account.plan()));
        });
        routes.post("/v1/deliveries/{id}/redeliver", ctx -> {
            Account account = Auth.caller(ctx).account();
            http.json(ctx, 202, DeliveryView.of(deliveries.redeliver(account, new DeliveryId(ctx.pathParam("id"))), account.plan()));
        });
    }

    private void history(Context ctx) {
        PageRequest page = Http.page(ctx);
        Account account = Auth.caller(ctx).account();
        DeliveryFilter filter = filter(ctx);
        respond(ctx, account, page,
                deliveries.ofWebhook(account, new WebhookId(ctx.pathParam("id")), filter, page.withLookahead()));
    }

    /** Every webhook's deliveries, or with {@code ?webhookId=} that webhook's history (404 if not the account's). */
    private void acrossWebhooks(Context ctx) {
        PageRequest page = Http.page(ctx);
        Account account = Auth.caller(ctx).account();
        Optional<WebhookId> webhookId = Http.query(ctx, "webhookId").map(WebhookId::new);
        DeliveryFilter filter = filter(ctx);
        respond(ctx, account, page, webhookId
                .map(id -> deliveries.ofWebhook(account, id, filter, page.withLookahead()))
                .orElseGet(() -> deliveries.ofAccount(account, filter, page.withLookahead())));
    }

    /** {@code ?status=} and {@code ?eventType=}; a 400 for a status that is not one. */
    private static DeliveryFilter filter(Context ctx) {
        return new DeliveryFilter(Http.query(ctx, "status", Status::parse,
                "status must be one of pending, success, failed, dead"), Http.query(ctx, "eventType"));
    }

    private void respond(Context ctx, Account account, PageRequest page, List<Delivery> fetched) {
        List<DeliveryView> rows = fetched.stream().map(d -> DeliveryView.of(d, account.plan())).toList();
        http.json(ctx, 200, Http.Page.of(rows, page, DeliveryView::id));
    }

    private static final Set<String> RECOVERY_FIELDS = Set.of("since", "until");

    /** {@code {"since","until"?}}: RFC 3339 times; {@code until} defaults to now. */
    private void recover(Context ctx) {
        JsonBody body = http.body(ctx).allowOnly(RECOVERY_FIELDS, "a recovery field");
        Instant since = instant(body.text("since"), "since");
        Optional<Instant> until = body.optionalText("until").map(value -> instant(value, "until"));
        Caller caller = Auth.caller(ctx);
        WebhookId id = new WebhookId(ctx.pathParam("id"));
        long recovered = until.map(end -> deliveries.recover(caller, id, since, end))
                .orElseGet(() -> deliveries.recover(caller, id, since));
        http.json(ctx, 202, new RecoveryView(recovered));
    }

    private static Instant instant(String value, String field) {
        try {
            return WireTime.instant(value);
        } catch (DateTimeException e) {
            throw new Invalid("invalid_time", "'" + field + "' must be an RFC 3339 time such as 2026-12-01T00:00:00Z",
                    field);
        }
    }

    static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
