package herald;

import static org.assertj.core.api.Assertions.assertThat;

import herald.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void aFlagGivenWinsOverItsVariableAndOneNotGivenLeavesTheVariable() {
        Map<String, String> env = new HashMap<>(Map.of("HERALD_PORT", "7000", "HERALD_DATA_DIR", "/from/env"));

        Main.flag(env, "HERALD_PORT", 9123);
        Main.flag(env, "HERALD_DATA_DIR", null);
        Main.flag(env, "HERALD_DATABASE_URL", null);
        Config config = Config.load(env);

        assertThat(config.port()).isEqualTo(9123);
        assertThat(config.dataDir()).isEqualTo(Path.of("/from/env"));
        assertThat(env).doesNotContainKey("HERALD_DATABASE_URL");
    }
}
