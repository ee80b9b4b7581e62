package herald.analysis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.problem.BadRequest;
import herald.problem.Invalid;
import herald.problem.TooLarge;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a batch of rows, a JSON array or NDJSON (one object per line), streaming, validating each
 * row as it comes: the first bad row is a 422 naming it ({@code rows[17].variation}), and since
 * nothing is written before the whole batch is read, nothing of a refused batch is stored.
 *
 * <p>A row's fields are read straight from the parser into {@link Fields}, one holder reused for
 * every row, and fields the ingestion does not read are skipped unread: building a JSON tree per
 * row (a map of nodes) was most of the parsing time of a batch.
 */
final class RowReader {

    static final int MAX_ROWS = 100_000;
    static final int MAX_ID_LENGTH = 200;

    /** Makes one row of the batch from its fields, or refuses it with an {@link Invalid} naming the field. */
    interface RowMaker<R extends Row> {
        R make(Fields row);
    }

    private final ObjectMapper mapper;

    RowReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads the rows, each holding (among any others) the fields {@code names}. */
    <R extends Row> List<R> read(InputStream body, boolean ndjson, List<String> names, RowMaker<R> toRow) {
        List<R> rows = new ArrayList<>();
        Fields fields = new Fields(names);
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new BadRequest("invalid_body", "the body holds no rows");
            }
            boolean array = first == JsonToken.START_ARRAY;
            if (!array && !ndjson && first != JsonToken.START_OBJECT) {
                throw new BadRequest("invalid_body", "send a JSON array of rows, or NDJSON (application/x-ndjson)");
            }
            JsonToken token = array ? parser.nextToken() : first;
            while (token != null && token != JsonToken.END_ARRAY) {
                if (rows.size() == MAX_ROWS) {
                    throw new TooLarge("too_many_rows", "a batch holds at most " + MAX_ROWS + " rows");
                }
                if (token != JsonToken.START_OBJECT) {
                    String at = "rows[" + rows.size() + "]";
                    throw new Invalid("invalid_row", at + " must be an object", at);
                }
                fields.read(parser, rows.size());
                rows.add(toRow.make(fields));
                token = parser.nextToken();
            }
            if (array && parser.nextToken() != null) {
                throw new BadRequest("malformed_json", "content after the end of the array");
            }
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new BadRequest("malformed_json", "the body is not valid JSON" + (where == null ? ""
                    : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new BadRequest("invalid_body", "the body could not be read");
        }
        if (rows.isEmpty()) {
            throw new BadRequest("invalid_body", "the body holds no rows");
        }
        return rows;
    }

    /**
     * The fields of the row being read that the ingestion asked for: each one's token (null when the
     * row lacks it) and its text or number. A field given twice counts once, with its last value.
     */
    static final class Fields {

        private final List<String> names;
        private final JsonToken[] tokens;
        private final String[] texts;
        private final double[] numbers;
        private int index;

        Fields(List<String> names) {
            this.names = List.copyOf(names);
            this.tokens = new JsonToken[names.size()];
            this.texts = new String[names.size()];
            this.numbers = new double[names.size()];
        }

        /** Reads the object the parser is at the start of, up to its end. */
        private void read(JsonParser parser, int index) throws IOException {
            this.index = index;
            Arrays.fill(tokens, null);
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                int slot = names.indexOf(parser.currentName());
                JsonToken value = parser.nextToken();
                if (slot >= 0) {
                    tokens[slot] = value;
                    if (value == JsonToken.VALUE_STRING) {
                        texts[slot] = parser.getText();
                    } else if (value.isNumeric()) {
                        numbers[slot] = parser.getDoubleValue();
                    }
                }
                parser.skipChildren(); // an object or array value, read or not, is skipped whole
            }
        }

        /** Where the row is in the batch, as errors name it: {@code rows[17]}. */
        String at() {
            return "rows[" + index + "]";
        }

        /** A field holding an identifier: a string of 1 to {@link #MAX_ID_LENGTH} characters. */
        String id(String field) {
            int slot = slot(field);
            String text = tokens[slot] == JsonToken.VALUE_STRING ? texts[slot] : null;
            if (text == null || text.isEmpty() || text.length() > MAX_ID_LENGTH) {
                throw invalid(field, "must be a string of 1 to " + MAX_ID_LENGTH + " characters");
            }
            return text;
        }

        /** The {@code timestamp} field, an RFC 3339 time, in epoch milliseconds. */
        long time() {
            int slot = slot("timestamp");
            if (tokens[slot] == JsonToken.VALUE_STRING) {
                try {
                    return Timestamps.epochMillis(texts[slot]);
                } catch (java.time.DateTimeException e) {
                    // refused below
                }
            }
            throw invalid("timestamp", "must be an RFC 3339 time");
        }

        /** A finite number, or {@code otherwise} when the field is absent or null. */
        double number(String field, double otherwise) {
            int slot = slot(field);
            JsonToken token = tokens[slot];
            if (token == null || token == JsonToken.VALUE_NULL) {
                return otherwise;
            }
            if (!token.isNumeric() || !Double.isFinite(numbers[slot])) {
                throw invalid(field, "must be a finite number");
            }
            return numbers[slot];
        }

        /** A refusal of the row naming one of its fields. */
        Invalid invalid(String field, String must) {
            return new Invalid("invalid_row", at() + "." + field + " " + must, at() + "." + field);
        }

        private int slot(String field) {
            int slot = names.indexOf(field);
            if (slot < 0) {
                throw new IllegalArgumentException(field + " is not one of the fields read: " + names);
            }
            return slot;
        }
    }
}
