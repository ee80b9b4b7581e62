package herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code HERALD_PUBLIC_URL}: where chat messages link to the dashboard. */
class PublicUrlTest {

    private static Config load(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HERALD_PORT", "9090");
        return Config.load(all);
    }

    @Test
    void defaultsToLocalhostOnTheConfiguredPortAndTakesAnHttpsUrl() {
        assertThat(load(Map.of()).publicUrl()).isEqualTo("http://localhost:9090");
        assertThat(load(Map.of("HERALD_PUBLIC_URL", " https://herald.example.com/ ")).publicUrl())
                .isEqualTo("https://herald.example.com/");
    }

    @Test
    void aValueThatIsNotAnHttpUrlStopsTheStartNamingTheSetting() {
        for (String bad : new String[] {"herald.example.com", "ftp://herald.example.com", "https://a b", "https://x|y"}) {
            assertThatThrownBy(() -> load(Map.of("HERALD_PUBLIC_URL", bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HERALD_PUBLIC_URL");
        }
    }
}
