package herald.wire;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A closed set whose values travel as their lower-case names: in JSON bodies, query parameters,
 * event data and database columns ({@code "sequential"} for {@code SEQUENTIAL}). Enums implement it
 * to share one spelling and one lookup; what an unknown name means (a 422, a 400, an ignored
 * filter) stays with the caller.
 */
public interface WireName {

    /** The enum constant's name; enums provide it. */
    String name();

    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value of {@code type} spelled {@code wireName}, if there is one. */
    static <E extends Enum<E> & WireName> Optional<E> find(Class<E> type, String wireName) {
        for (E value : type.getEnumConstants()) {
            if (value.wireName().equals(wireName)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Every wire name of {@code type} in declaration order, comma-separated, for error messages. */
    static <E extends Enum<E> & WireName> String all(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireName::wireName).collect(Collectors.joining(", "));
    }
}
