import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Sums a JFR recording's CPU samples by delivery stage and turns them into CPU microseconds per
 * delivery: {@code java bench/Profile.java recording.jfr cpuMillis deliveries}, where cpuMillis is
 * the process's CPU time over the recording and deliveries what it delivered meanwhile (bench/profile
 * measures both). A sample belongs to the first stage whose rule matches its thread or stack.
 */
public class Profile {

    record Stage(String name, java.util.function.BiPredicate<String, List<String>> rule) {}

    static boolean any(List<String> frames, String prefix) {
        return frames.stream().anyMatch(f -> f.startsWith(prefix));
    }

    static final List<Stage> STAGES = List.of(
            new Stage("database writer (publishes and outcomes: SQL, commit)", (t, f) -> t.equals("herald-db-writer")),
            new Stage("outcome batching", (t, f) -> t.equals("herald-outcomes")),
            new Stage("claims", (t, f) -> t.equals("herald-claimer")),
            new Stage("send: body, signatures, Jetty client", (t, f) -> t.startsWith("HttpClient@")
                    || any(f, "herald.delivery.Dispatcher") || any(f, "herald.delivery.Sender")
                    || any(f, "org.eclipse.jetty.client")),
            new Stage("publish: auth, JSON, schema, handing to the writer", (t, f) -> any(f, "herald.")),
            new Stage("HTTP server (Jetty, Javalin) outside Herald's code", (t, f) -> any(f, "org.eclipse.jetty")
                    || any(f, "io.javalin")),
            new Stage("GC, JIT and the rest", (t, f) -> true));

    public static void main(String[] args) throws Exception {
        double cpuMillis = Double.parseDouble(args[1]);
        long deliveries = Long.parseLong(args[2]);
        boolean detail = args.length > 3 && args[3].equals("--detail");
        Map<String, Map<String, Long>> hottest = new LinkedHashMap<>();
        Map<String, Long> samples = new LinkedHashMap<>();
        STAGES.forEach(s -> samples.put(s.name(), 0L));
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            String thread = e.getThread("sampledThread") == null ? "" : String.valueOf(e.getThread("sampledThread").getJavaName());
            List<String> frames = e.getStackTrace().getFrames().stream()
                    .map(RecordedFrame::getMethod).map(m -> m.getType().getName() + "." + m.getName()).toList();
            for (Stage stage : STAGES) {
                if (stage.rule().test(thread, frames)) {
                    samples.merge(stage.name(), 1L, Long::sum);
                    // The first frame of Herald's or a library's own code, below the JDK's.
                    String own = frames.stream().filter(f -> !f.startsWith("java.") && !f.startsWith("jdk.")
                            && !f.startsWith("sun.")).findFirst().orElse(frames.isEmpty() ? "?" : frames.getFirst());
                    hottest.computeIfAbsent(stage.name(), k -> new java.util.HashMap<>()).merge(own, 1L, Long::sum);
                    break;
                }
            }
            total++;
        }
        double perDelivery = cpuMillis * 1000 / deliveries;
        System.out.printf("%,d deliveries, %.0f ms of CPU, %,d samples: %.1f CPU microseconds per delivery%n",
                deliveries, cpuMillis, total, perDelivery);
        for (var entry : samples.entrySet()) {
            double share = total == 0 ? 0 : entry.getValue() / (double) total;
            System.out.printf("  %-58s %5.1f %%  %7.1f us%n", entry.getKey(), share * 100, share * perDelivery);
            if (detail) {
                hottest.getOrDefault(entry.getKey(), Map.of()).entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                        .forEach(h -> System.out.printf("      %5d  %s%n", h.getValue(), h.getKey()));
            }
        }
    }
}
