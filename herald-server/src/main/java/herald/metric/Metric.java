package herald.metric;

import herald.account.AccountId;
import herald.problem.Invalid;
import herald.wire.WireName;

/** What an experiment measures: a conversion (did the unit convert) or a continuous value (how much). */
public record Metric(MetricId id, AccountId accountId, String key, String name, Type type, long createdAt) {

    public enum Type implements WireName {
        CONVERSION, CONTINUOUS;

        /** The type of this wire name, or a 422 {@code invalid_type}. */
        public static Type parse(String value) {
            return WireName.find(Type.class, value).orElseThrow(() -> new Invalid("invalid_type",
                    "type must be conversion or continuous", "type"));
        }
    }
}
