package herald.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --limit} and {@code --cursor}, shared by every list command (contract section 2's paging). */
final class Paging {

    @Option(names = "--limit", description = "At most this many (default 50, at most 500).")
    Integer limit;

    @Option(names = "--cursor", description = "Continue after the previous page.")
    String cursor;

    /** The query parameters of {@code filters} followed by the paging ones. */
    Map<String, Optional<String>> query(Map<String, Optional<String>> filters) {
        Map<String, Optional<String>> query = new LinkedHashMap<>(filters);
        query.put("limit", Optional.ofNullable(limit).map(String::valueOf));
        query.put("cursor", Optional.ofNullable(cursor));
        return query;
    }
}
