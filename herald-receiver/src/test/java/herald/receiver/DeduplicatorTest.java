package herald.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeduplicatorTest {

    @Test
    void aDeliveryIdIsFirstOnlyOnce() {
        var seen = new Deduplicator(10);
        assertThat(seen.firstTime("dlv_a")).isTrue();
        assertThat(seen.firstTime("dlv_a")).isFalse();
        assertThat(seen.firstTime("dlv_b")).isTrue();
    }

    @Test
    void itRemembersAtMostItsCapacityForgettingTheLeastRecentFirst() {
        var seen = new Deduplicator(2);
        seen.firstTime("dlv_a");
        seen.firstTime("dlv_b");
        seen.firstTime("dlv_a"); // seen again: now the most recent
        seen.firstTime("dlv_c"); // pushes out dlv_b
        assertThat(seen.size()).isEqualTo(2);
        assertThat(seen.firstTime("dlv_a")).isFalse();
        assertThat(seen.firstTime("dlv_b")).isTrue();
    }

    @Test
    void aForgottenIdCountsAsNewSoThatARetryOfFailedWorkIsProcessed() {
        var seen = new Deduplicator(10);
        seen.firstTime("dlv_a");
        seen.forget("dlv_a");
        assertThat(seen.firstTime("dlv_a")).isTrue();
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new Deduplicator(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
