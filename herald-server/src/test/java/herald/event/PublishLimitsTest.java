package herald.event;

import static herald.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import herald.Api;
import herald.Receiver;
import herald.TestHerald;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-account publish rate limit (429 with Retry-After) and the size limit on {@code data}. */
class PublishLimitsTest {

    @Test
    void anAccountOverItsPublishRateGets429WithRetryAfterAndOtherAccountsAreNotHeldBack() {
        try (TestHerald herald = TestHerald.start(Map.of("HERALD_PUBLISH_RATE_LIMIT", "1",
                "HERALD_PUBLISH_BURST", "3"))) {
            Api busy = herald.account("growth");
            Api quiet = herald.account("growth");
            for (int i = 0; i < 3; i++) {
                assertThat(busy.post("/v1/events", TestHerald.flagCreated("burst" + i)).status()).isEqualTo(202);
            }

            Api.Response limited = busy.post("/v1/events", TestHerald.flagCreated("over"));

            assertError(limited, 429, "rate_limited");
            assertThat(limited.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 2L));
            assertThat(busy.get("/v1/events?limit=500").json().path("data")).hasSize(3);
            assertThat(quiet.post("/v1/events", TestHerald.flagCreated("quiet")).status()).isEqualTo(202);

            Receiver.sleep(Long.parseLong(limited.header("Retry-After").orElseThrow()) * 1000 + 50);
            assertThat(busy.post("/v1/events", TestHerald.flagCreated("later")).status()).isEqualTo(202);
        }
    }

    @Test
    void zeroTurnsTheLimitOff() {
        try (TestHerald herald = TestHerald.start(Map.of("HERALD_PUBLISH_RATE_LIMIT", "0"))) {
            Api api = herald.account("growth");
            for (int i = 0; i < 50; i++) {
                assertThat(api.post("/v1/events", TestHerald.flagCreated("free" + i)).status()).isEqualTo(202);
            }
        }
    }

    @Test
    void dataOver256KibibytesIs413AndNothingIsStored() {
        try (TestHerald herald = TestHerald.start()) {
            Api api = herald.account("growth");
            String big = "x".repeat(Events.MAX_DATA_BYTES);
            String justUnder = "x".repeat(Events.MAX_DATA_BYTES - 200);

            Api.Response refused = api.post("/v1/events", "{\"type\":\"flag.created\",\"data\":{\"flag_id\":\"flg_1\","
                    + "\"flag_key\":\"k\",\"project\":\"web\",\"note\":\"" + big + "\"}}");
            Api.Response accepted = api.post("/v1/events", "{\"type\":\"flag.created\",\"data\":{\"flag_id\":\"flg_1\","
                    + "\"flag_key\":\"k\",\"project\":\"web\",\"note\":\"" + justUnder + "\"}}");

            assertError(refused, 413, "data_too_large", "data");
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            assertThat(api.get("/v1/events?limit=500").json().path("data")).hasSize(1);
        }
    }
}
