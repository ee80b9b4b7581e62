package herald.cluster;

import herald.Api;
import java.util.List;

/** Publishes to a cluster as a client behind a load balancer would: another node when one is gone. */
final class FailoverClient {

    private FailoverClient() {}

    /**
     * Publishes {@code body} (which carries an idempotency key, so a retry cannot publish twice)
     * through {@code first}; if that node is gone, through {@code other}. Returns the event id.
     */
    static String publish(Api first, Api other, String body) {
        for (Api api : List.of(first, other, other)) {
            try {
                Api.Response r = api.post("/v1/events", body);
                if (r.status() == 202 || r.status() == 200) {
                    return r.text("id");
                }
            } catch (RuntimeException e) {
                // that node died: try the other, as a load balancer would
            }
        }
        throw new AssertionError("neither node accepted " + body);
    }
}
