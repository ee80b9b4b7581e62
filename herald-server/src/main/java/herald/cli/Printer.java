package herald.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints answers as aligned tables and field lists for people, or as JSON for scripts. */
final class Printer {

    /** A table column: its heading and the field of each row it shows (a dotted path for nested fields). */
    record Column(String heading, String field) {}

    private final ObjectMapper json;
    private final PrintWriter out;

    Printer(ObjectMapper json, PrintWriter out) {
        this.json = json;
        this.out = out;
    }

    void json(JsonNode node) {
        try {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
        out.flush();
    }

    /** One row per element of {@code rows}; {@code none} when there are none. */
    void table(JsonNode rows, List<Column> columns, String none) {
        if (rows.isEmpty()) {
            out.println(none);
            out.flush();
            return;
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Column::heading).toArray(String[]::new));
        rows.forEach(row -> lines.add(columns.stream().map(c -> text(at(row, c.field()))).toArray(String[]::new)));
        int[] widths = new int[columns.size()];
        lines.forEach(line -> {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        });
        lines.forEach(line -> {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : String.format("%-" + widths[i] + "s  ", line[i]));
            }
            out.println(text.toString().stripTrailing());
        });
        out.flush();
    }

    /** Every field of {@code object}, one per line, names aligned; nested values as compact JSON. */
    void fields(JsonNode object) {
        int width = 0;
        for (var names = object.fieldNames(); names.hasNext(); ) {
            width = Math.max(width, names.next().length());
        }
        int pad = width;
        object.properties().forEach(field ->
                out.println(String.format("%-" + pad + "s  %s", field.getKey(), text(field.getValue()))));
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    private static JsonNode at(JsonNode row, String field) {
        JsonNode node = row;
        for (String part : field.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    private static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "-";
        }
        if (value.isArray() && value.isEmpty()) {
            return "-";
        }
        if (value.isArray() && isTextArray(value)) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static boolean isTextArray(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
