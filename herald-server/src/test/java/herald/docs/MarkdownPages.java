package herald.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The docs/ folder as the tests read it: pages, and the anchors their headings get. */
public final class MarkdownPages {

    public static final Path FOLDER = Path.of("../docs");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    private MarkdownPages() {}

    /** The anchor GitHub and most Markdown renderers give a heading: lower case, punctuation dropped, spaces to dashes. */
    public static String anchor(String heading) {
        return heading.strip().toLowerCase().replaceAll("[^a-z0-9_ -]", "").replace(' ', '-');
    }

    public static String read(String page) {
        try {
            return Files.readString(FOLDER.resolve(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The anchors of a page's headings, outside code blocks. */
    public static Set<String> anchors(String page) {
        Set<String> anchors = new TreeSet<>();
        Matcher headings = HEADING.matcher(read(page).replaceAll("(?s)```.*?```", ""));
        while (headings.find()) {
            anchors.add(anchor(headings.group(1)));
        }
        return anchors;
    }
}
