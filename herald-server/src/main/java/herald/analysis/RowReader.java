package herald.analysis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.problem.BadRequest;
import herald.problem.Invalid;
import herald.problem.TooLarge;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads a batch of rows, a JSON array or NDJSON (one object per line), streaming, validating each
 * row as it comes: the first bad row is a 422 naming it ({@code rows[17].variation}), and since
 * nothing is written before the whole batch is read, nothing of a refused batch is stored.
 */
final class RowReader {

    static final int MAX_ROWS = 100_000;
    static final int MAX_ID_LENGTH = 200;

    private final ObjectMapper mapper;

    RowReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    <R extends Row> List<R> read(InputStream body, boolean ndjson, BiFunction<JsonNode, String, R> toRow) {
        List<R> rows = new ArrayList<>();
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
                String at = "rows[" + rows.size() + "]";
                if (token != JsonToken.START_OBJECT) {
                    throw new Invalid("invalid_row", at + " must be an object", at);
                }
                JsonNode row = parser.readValueAsTree();
                rows.add(toRow.apply(row, at));
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

    static String id(JsonNode row, String field, String at) {
        JsonNode value = row.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()
                || value.textValue().length() > MAX_ID_LENGTH) {
            throw new Invalid("invalid_row", at + "." + field + " must be a string of 1 to " + MAX_ID_LENGTH
                    + " characters", at + "." + field);
        }
        return value.textValue();
    }

    static long time(JsonNode row, String at) {
        JsonNode value = row.get("timestamp");
        if (value == null || !value.isTextual()) {
            throw new Invalid("invalid_row", at + ".timestamp must be an RFC 3339 time", at + ".timestamp");
        }
        try {
            return Instant.parse(value.textValue()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new Invalid("invalid_row", at + ".timestamp must be an RFC 3339 time", at + ".timestamp");
        }
    }
}
