package herald.metric;

import herald.problem.Invalid;
import java.util.Locale;

/** What an experiment measures: a conversion (did the unit convert) or a continuous value (how much). */
public record Metric(String id, String accountId, String key, String name, Type type, long createdAt) {

    public enum Type {
        CONVERSION, CONTINUOUS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type parse(String value) {
            for (Type t : values()) {
                if (t.wireName().equals(value)) {
                    return t;
                }
            }
            throw new Invalid("invalid_type", "type must be conversion or continuous", "type");
        }
    }
}
