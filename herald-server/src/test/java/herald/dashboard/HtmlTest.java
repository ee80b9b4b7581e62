package herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void valuesAreEscapedAndFragmentsAreNot() {
        Html bold = Html.of("<b>{}</b>", "a & b");
        assertThat(Html.of("<p title=\"{}\">{} {}</p>", "\"><script>x</script>", bold, Optional.of("<i>")).markup())
                .isEqualTo("<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"><b>a &amp; b</b> &lt;i&gt;</p>");
    }

    @Test
    void anAbsentValueRendersAsNothing() {
        assertThat(Html.of("[{}{}]", Optional.empty(), null).markup()).isEqualTo("[]");
    }

    @Test
    void aTemplateMustMatchItsArguments() {
        assertThatThrownBy(() -> Html.of("{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Html.of("x", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
