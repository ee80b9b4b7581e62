package herald.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import herald.page.PageRequest;
import herald.problem.BadRequest;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reading requests and writing JSON responses the same way in every route. */
public final class Http {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private final ObjectMapper mapper;

    public Http(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The request body as a JSON object; a 400 when it is empty, not JSON, or not an object. */
    public JsonBody body(Context ctx) {
        JsonNode node = parse(ctx.bodyAsBytes());
        if (!(node instanceof ObjectNode object)) {
            throw new BadRequest("invalid_body", "the request body must be a JSON object");
        }
        return new JsonBody(object);
    }

    /** The request body as a JSON object, or an empty object when there is no body at all. */
    public JsonBody optionalBody(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return new JsonBody(mapper.createObjectNode());
        }
        return body(ctx);
    }

    public JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new BadRequest("invalid_body", "the request body is empty; send a JSON object");
        }
        try (JsonParser parser = mapper.createParser(bytes)) {
            JsonNode node = mapper.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new BadRequest("invalid_body", "the request body is empty; send a JSON object");
            }
            // readTree stops after the first value; anything but whitespace after it makes the body malformed
            if (parser.nextToken() != null) {
                throw new BadRequest("malformed_json", "the request body is not valid JSON: more content after the"
                        + " first value");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Jackson's own message names its internals; say where the JSON breaks, not how Jackson saw it.
            var at = e.getLocation();
            throw new BadRequest("malformed_json", at == null ? "the request body is not valid JSON"
                    : "the request body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw new BadRequest("malformed_json", "the request body could not be read");
        }
    }

    public void json(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
    }

    /** The page {@code ?cursor=} and {@code ?limit=} ask for: after the cursor when given, the first page when not. */
    public static PageRequest page(Context ctx) {
        return new PageRequest(query(ctx, "cursor"), limit(ctx));
    }

    /** {@code ?limit=} within 1..500, default 50. */
    private static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new BadRequest("invalid_parameter", "limit must be between 1 and " + MAX_LIMIT, "limit");
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new BadRequest("invalid_parameter", "limit must be an integer", "limit");
        }
    }

    public static Optional<String> query(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isBlank());
    }

    /** {@code ?name=} as {@code parse} reads it; a 400 that says {@code refusal} when it reads nothing. */
    public static <T> Optional<T> query(Context ctx, String name, Function<String, Optional<T>> parse, String refusal) {
        return query(ctx, name).map(value -> parse.apply(value).orElseThrow(() ->
                new BadRequest("invalid_parameter", refusal, name)));
    }

    /** A page of a list: the items and the cursor of the next page when there is one. */
    public record Page<T>(List<T> data, String nextCursor) {
        /**
         * Trims rows read with {@code asked.withLookahead()} to the page asked for, and sets the cursor
         * from the last id when the lookahead row says another page follows.
         */
        public static <T> Page<T> of(List<T> rows, PageRequest asked, Function<T, String> id) {
            int limit = asked.limit();
            if (rows.size() <= limit) {
                return new Page<>(rows, null);
            }
            List<T> page = rows.subList(0, limit);
            return new Page<>(List.copyOf(page), id.apply(page.getLast()));
        }
    }
}
