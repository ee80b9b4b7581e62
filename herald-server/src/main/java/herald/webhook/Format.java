package herald.webhook;

import herald.problem.Invalid;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The shape of a delivery's body. Headers are the same in every format. */
public enum Format {
    /** Herald's envelope: {@code {"id","eventId","type","createdAt","accountId","data"}}. */
    NATIVE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Format parse(String value) {
        for (Format format : values()) {
            if (format.wireName().equals(value)) {
                return format;
            }
        }
        throw new Invalid("invalid_format", "format must be one of "
                + Arrays.stream(values()).map(Format::wireName).collect(Collectors.joining(", ")), "format");
    }
}
