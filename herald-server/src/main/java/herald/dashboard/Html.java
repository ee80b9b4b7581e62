package herald.dashboard;

import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A fragment of markup that is safe to send. Markup is written only as template literals in this
 * package; every value is put into a template through {@link #of}, which escapes it unless it is
 * itself an {@code Html}. Nothing else builds an {@code Html}, so a value cannot reach a page
 * unescaped — a receiver's response body holding {@code <script>} shows as text.
 */
record Html(String markup) {

    static final Html EMPTY = new Html("");

    /**
     * Fills each {@code {}} of the template with the next argument: an {@code Html} as it is, an
     * {@code Optional} by its content (empty when absent), anything else as escaped text. Templates
     * quote attribute values with double quotes, which escaping covers.
     */
    static Html of(String template, Object... args) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int from = 0;
        for (Object arg : args) {
            int at = template.indexOf("{}", from);
            if (at < 0) {
                throw new IllegalArgumentException("more arguments than placeholders in: " + template);
            }
            out.append(template, from, at);
            append(out, arg);
            from = at + 2;
        }
        if (template.indexOf("{}", from) >= 0) {
            throw new IllegalArgumentException("more placeholders than arguments in: " + template);
        }
        return new Html(out.append(template, from, template.length()).toString());
    }

    static Html join(Collection<Html> parts) {
        return new Html(parts.stream().map(Html::markup).collect(Collectors.joining()));
    }

    static Html when(boolean condition, Html html) {
        return condition ? html : EMPTY;
    }

    private static void append(StringBuilder out, Object arg) {
        switch (arg) {
            case null -> { }
            case Html html -> out.append(html.markup);
            case Optional<?> optional -> optional.ifPresent(value -> append(out, value));
            default -> escape(out, String.valueOf(arg));
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        escape(out, text);
        return out.toString();
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return markup;
    }
}
