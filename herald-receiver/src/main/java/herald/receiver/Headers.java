package herald.receiver;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Looks a request header up by name, case-insensitively, answering {@code null} when it is absent: the
 * shape of {@code HttpServletRequest::getHeader}, so a servlet, Spring or Javalin handler passes its
 * request's method reference directly ({@code request::getHeader}, {@code ctx::header}).
 */
@FunctionalInterface
public interface Headers {

    /** The value of header {@code name}, or {@code null} when the request has none. */
    String value(String name);

    /**
     * Headers held in a map of lists, such as the JDK {@code HttpServer}'s {@code Headers} or Spring's
     * {@code HttpHeaders}; names are matched whatever their case, and the first value is used.
     */
    static Headers of(Map<String, ? extends List<String>> headers) {
        Map<String, String> first = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null && !values.isEmpty()) {
                first.putIfAbsent(name, values.getFirst());
            }
        });
        return first::get;
    }
}
