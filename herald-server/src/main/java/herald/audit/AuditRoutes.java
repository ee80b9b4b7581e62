package herald.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import herald.http.Auth;
import herald.http.Http;
import herald.http.Routes;
import herald.page.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/audit-log}: the account's audit log, newest first, {@code ?action=} to filter. */
public final class AuditRoutes implements Routes {

    record EntryView(String id, String actor, String action, String target, String at, @JsonRawValue String details) {
        static EntryView of(AuditEntry e) {
            return new EntryView(e.id(), e.actor(), e.action(), e.target(), Instant.ofEpochMilli(e.at()).toString(),
                    e.details());
        }
    }

    private final AuditLog log;
    private final Http http;

    public AuditRoutes(AuditLog log, Http http) {
        this.log = log;
        this.http = http;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/audit-log", this::list);
    }

    private void list(Context ctx) {
        var account = Auth.caller(ctx).account();
        PageRequest page = Http.page(ctx);
        List<AuditEntry> fetched = Http.query(ctx, "action")
                .map(action -> log.list(account, action, page.withLookahead()))
                .orElseGet(() -> log.list(account, page.withLookahead()));
        http.json(ctx, 200, Http.Page.of(fetched.stream().map(EntryView::of).toList(), page, EntryView::id));
    }
}
