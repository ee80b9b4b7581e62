package herald.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import herald.problem.BadRequest;
import herald.problem.Invalid;
import herald.problem.Problem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowReaderTest {

    private final RowReader reader = new RowReader(new ObjectMapper());

    private List<Row.Conversion> conversions(String body, boolean ndjson) {
        return reader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ndjson,
                List.of("unitId", "metric", "value", "timestamp"),
                row -> new Row.Conversion(row.id("unitId"), row.id("metric"), row.number("value", 1.0), row.time()));
    }

    private static Problem refusal(Runnable read) {
        try {
            read.run();
        } catch (Problem problem) {
            return problem;
        }
        throw new AssertionError("the batch was accepted");
    }

    @Test
    void readsAnArrayAndNdjsonAlike() {
        String a = "{\"unitId\":\"u1\",\"metric\":\"revenue\",\"value\":2.5,\"timestamp\":\"2026-02-01T00:00:00Z\"}";
        String b = "{\"timestamp\":\"2026-02-01T00:00:01.250+01:00\",\"metric\":\"purchase\",\"unitId\":\"u2\"}";
        List<Row.Conversion> expected = List.of(new Row.Conversion("u1", "revenue", 2.5, 1_769_904_000_000L),
                new Row.Conversion("u2", "purchase", 1.0, 1_769_900_401_250L));
        assertThat(conversions("[" + a + "," + b + "]", false)).isEqualTo(expected);
        assertThat(conversions(a + "\n" + b + "\n", true)).isEqualTo(expected);
    }

    @Test
    void skipsFieldsItDoesNotReadWhateverTheyHold() {
        String row = "{\"extra\":{\"nested\":[1,{\"unitId\":\"inner\"}]},\"unitId\":\"u1\",\"tags\":[\"a\",[]],"
                + "\"metric\":\"m\",\"note\":null,\"timestamp\":\"2026-02-01T00:00:00Z\",\"value\":3}";
        assertThat(conversions("[" + row + "]", false)).containsExactly(new Row.Conversion("u1", "m", 3.0,
                1_769_904_000_000L));
    }

    @Test
    void aFieldGivenTwiceCountsWithItsLastValue() {
        assertThat(conversions("{\"unitId\":\"first\",\"metric\":\"m\",\"unitId\":\"last\","
                + "\"timestamp\":\"2026-02-01T00:00:00Z\"}", true)).extracting(Row.Conversion::unitId).containsExactly("last");
    }

    @Test
    void aValueThatIsAbsentOrNullCountsOne() {
        assertThat(conversions("{\"unitId\":\"u\",\"metric\":\"m\",\"value\":null,\"timestamp\":\"2026-02-01T00:00:00Z\"}",
                true)).extracting(Row.Conversion::value).containsExactly(1.0);
    }

    private static final String ID = "must be a string of 1 to 200 characters";

    @Test
    void eachBadFieldIsNamedWithItsRow() {
        String good = "{\"unitId\":\"u\",\"metric\":\"m\",\"timestamp\":\"2026-02-01T00:00:00Z\"}\n";
        record Case(String row, String field, String message) {}
        List<Case> cases = List.of(
                new Case("{\"unitId\":{\"id\":\"u\"},\"metric\":\"m\",\"timestamp\":\"2026-02-01T00:00:00Z\"}", "unitId",
                        ID),
                new Case("{\"unitId\":7,\"metric\":\"m\",\"timestamp\":\"2026-02-01T00:00:00Z\"}", "unitId", ID),
                new Case("{\"unitId\":\"\",\"metric\":\"m\",\"timestamp\":\"2026-02-01T00:00:00Z\"}", "unitId", ID),
                new Case("{\"unitId\":\"" + "x".repeat(201) + "\",\"metric\":\"m\",\"timestamp\":\"2026-02-01T00:00:00Z\"}",
                        "unitId", ID),
                new Case("{\"unitId\":\"u\",\"timestamp\":\"2026-02-01T00:00:00Z\"}", "metric", ID),
                new Case("{\"unitId\":\"u\",\"metric\":\"m\",\"value\":\"3\",\"timestamp\":\"2026-02-01T00:00:00Z\"}", "value",
                        "must be a finite number"),
                new Case("{\"unitId\":\"u\",\"metric\":\"m\",\"value\":1e400,\"timestamp\":\"2026-02-01T00:00:00Z\"}", "value",
                        "must be a finite number"),
                new Case("{\"unitId\":\"u\",\"metric\":\"m\",\"value\":[1],\"timestamp\":\"2026-02-01T00:00:00Z\"}", "value",
                        "must be a finite number"),
                new Case("{\"unitId\":\"u\",\"metric\":\"m\",\"timestamp\":\"2026-02-30T00:00:00Z\"}", "timestamp",
                        "must be an RFC 3339 time"),
                new Case("{\"unitId\":\"u\",\"metric\":\"m\",\"timestamp\":1769904000000}", "timestamp", "must be an RFC 3339 time"),
                // A valid instant, but beyond what epoch milliseconds can hold.
                new Case("{\"unitId\":\"u\",\"metric\":\"m\",\"timestamp\":\"+999999999-01-01T00:00:00Z\"}", "timestamp",
                        "must be an RFC 3339 time"),
                new Case("{\"unitId\":\"u\",\"metric\":\"m\"}", "timestamp", "must be an RFC 3339 time"));
        for (Case c : cases) {
            Problem problem = refusal(() -> conversions(good + good + c.row(), true));
            assertThat(problem).as(c.row()).isInstanceOf(Invalid.class)
                    .hasMessage("rows[2]." + c.field() + " " + c.message());
            assertThat(problem.field()).as(c.row()).contains("rows[2]." + c.field());
        }
    }

    @Test
    void aRowThatIsNotAnObjectOrABodyWithoutRowsIsRefused() {
        Problem notAnObject = refusal(() -> conversions("[{\"unitId\":\"u\",\"metric\":\"m\",\"timestamp\":"
                + "\"2026-02-01T00:00:00Z\"}, 4]", false));
        assertThat(notAnObject).isInstanceOf(Invalid.class).hasMessage("rows[1] must be an object");
        assertThat(refusal(() -> conversions("[]", false))).isInstanceOf(BadRequest.class)
                .hasMessage("the body holds no rows");
        assertThat(refusal(() -> conversions("{\"unitId\":\"u\",", true))).isInstanceOf(BadRequest.class)
                .hasMessageStartingWith("the body is not valid JSON");
        assertThat(refusal(() -> conversions("{\"unitId\":\"u\",\"metric\":\"m\",\"timestamp\":"
                + "\"2026-02-01T00:00:00Z\"}\ntrailing", true))).as("a complete row, then what is not JSON")
                .isInstanceOf(BadRequest.class).hasMessageStartingWith("the body is not valid JSON");
    }
}
