package herald.dashboard;

import herald.analysis.Comparison;
import herald.delivery.DeliveryStore.Tally;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Charts drawn on the server as inline SVG: no script, nothing to load, and readable without
 * sight — each chart has a title and a description with its totals, and each bar or interval its
 * own tooltip title. Colours come from presentation attributes, which the style policy allows.
 *
 * <p>No chart has a {@code viewBox}: user units are CSS pixels, so text is {@link #TEXT} px at any
 * width instead of growing and shrinking with the page (a 720-unit drawing squeezed onto a phone had
 * 5 px labels). What runs along the width is placed in percent of it; heights are pixels.
 */
final class Charts {

    /** Every chart's text size in CSS pixels, at every width. */
    static final int TEXT = 12;
    private static final int HEIGHT = 170;
    private static final int TOP = 22;
    private static final int BOTTOM = 26;
    private static final String SUCCESS = "#1f7a4d";
    private static final String FAILURE = "#c0392b";
    private static final String NEUTRAL = "#6b7280";
    private static final int LIFT_TOP = 4;
    private static final int LIFT_ROW = 56;
    private static final int LIFT_AXIS = 24;
    private static final double LIFT_MARGIN = 2.5;

    private Charts() {}

    /** A time window cut into equal periods, e.g. the last 24 hours by hour. */
    record Window(String id, String title, long start, long periodMillis, int periods, DateTimeFormatter label,
                  int labelEvery) {
        static Window ending(String id, String title, long now, long periodMillis, int periods, String labelPattern,
                             int labelEvery) {
            long start = Math.floorDiv(now, periodMillis) * periodMillis - (periods - 1) * periodMillis;
            return new Window(id, title, start, periodMillis, periods,
                    DateTimeFormatter.ofPattern(labelPattern, Locale.ROOT).withZone(ZoneOffset.UTC), labelEvery);
        }
    }

    /** Stacked bars of successful and failed attempts per period of the window. */
    static Html activity(Window window, List<Tally> tallies) {
        long[] ok = new long[window.periods()];
        long[] failed = new long[window.periods()];
        for (Tally t : tallies) {
            int i = (int) ((t.periodStart() - window.start()) / window.periodMillis());
            if (i >= 0 && i < window.periods()) {
                ok[i] += t.succeeded();
                failed[i] += t.failed();
            }
        }
        long max = 1;
        long totalOk = 0;
        long totalFailed = 0;
        for (int i = 0; i < window.periods(); i++) {
            max = Math.max(max, ok[i] + failed[i]);
            totalOk += ok[i];
            totalFailed += failed[i];
        }
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double base = TOP + plotHeight;
        double slot = 100.0 / window.periods();
        List<Html> parts = new ArrayList<>();
        for (int i = 0; i < window.periods(); i++) {
            double x = i * slot + slot * 0.15;
            double w = slot * 0.7;
            double okHeight = plotHeight * ok[i] / max;
            double failedHeight = plotHeight * failed[i] / max;
            String when = window.label().format(Instant.ofEpochMilli(window.start() + i * window.periodMillis()));
            parts.add(Html.of("<g><title>{}: {} succeeded, {} failed</title>"
                            + "<rect x=\"{}%\" y=\"{}\" width=\"{}%\" height=\"{}\" fill=\"" + SUCCESS + "\"/>"
                            + "<rect x=\"{}%\" y=\"{}\" width=\"{}%\" height=\"{}\" fill=\"" + FAILURE + "\"/></g>",
                    when, ok[i], failed[i], n(x), n(base - okHeight), n(w), n(okHeight),
                    n(x), n(base - okHeight - failedHeight), n(w), n(failedHeight)));
            if (i % window.labelEvery() == 0) {
                // every other label gives way on narrow screens (herald.css), so that the rest do not touch
                boolean minor = (i / window.labelEvery()) % 2 == 1;
                // the first label starts at its bar rather than centring on it, which would cut it off
                parts.add(Html.of("<text x=\"{}%\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\" fill=\""
                        + NEUTRAL + "\"{}>{}</text>", n(i == 0 ? x : x + w / 2), HEIGHT - 8, TEXT,
                        i == 0 ? "start" : "middle", Html.when(minor, Html.of(" class=\"minor\"")), when));
            }
        }
        return Html.of("""
                <figure class="chart"><svg class="activity" width="100%" height="{}" role="img" aria-labelledby="{}-title {}-desc">
                <title id="{}-title">{}</title><desc id="{}-desc">{} attempts succeeded and {} failed.</desc>
                <line x1="0" y1="{}" x2="100%" y2="{}" stroke="#eef0f3"/>
                <line x1="0" y1="{}" x2="100%" y2="{}" stroke="#d1d5db"/>
                <text x="0" y="{}" font-size="{}" fill="{}">{}</text>{}</svg>
                <figcaption>{}: <span class="key ok">{} succeeded</span> <span class="key failed">{} failed</span></figcaption></figure>""",
                HEIGHT, window.id(), window.id(), window.id(), window.title(), window.id(), totalOk, totalFailed,
                TOP, TOP, n(base), n(base), TOP - 6, TEXT, NEUTRAL, max == 1 ? "1 attempt" : max + " attempts", Html.join(parts),
                window.title(), totalOk, totalFailed);
    }

    /**
     * Each comparison's relative lift as a point with its confidence interval, on one scale around a
     * zero line: an interval that does not cross zero is a significant change. Green for a
     * significant rise, red for a significant fall, grey otherwise.
     *
     * <p>Each comparison takes three lines — its name, its figures, its interval — so that nothing has
     * to fit beside anything else on a 360 px screen.
     */
    static Html lift(String id, List<Comparison> comparisons) {
        int height = LIFT_TOP + LIFT_ROW * comparisons.size() + LIFT_AXIS;
        double extent = 0.01;
        for (Comparison c : comparisons) {
            if (c.ciLow() != null && c.ciHigh() != null) {
                extent = Math.max(extent, Math.max(Math.abs(c.ciLow()), Math.abs(c.ciHigh())));
            }
        }
        extent *= 1.1;
        double scale = extent;
        // percent of the width; the margins keep the end points' circles whole
        java.util.function.DoubleUnaryOperator x = v -> LIFT_MARGIN + (v + scale) / (2 * scale) * (100 - 2 * LIFT_MARGIN);
        // the zero line runs through each interval's band only, not through the text above it
        double zero = x.applyAsDouble(0);
        List<Html> rows = new ArrayList<>();
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison c = comparisons.get(i);
            int top = LIFT_TOP + LIFT_ROW * i;
            rows.add(Html.of("<text x=\"0\" y=\"{}\" font-size=\"{}\" font-weight=\"600\" class=\"label\">{} · {}</text>",
                    top + 14, TEXT, c.variation(), c.metric()));
            if (c.relativeLift() == null || c.ciLow() == null || c.ciHigh() == null) {
                rows.add(Html.of("<text x=\"0\" y=\"{}\" font-size=\"{}\" fill=\"" + NEUTRAL + "\" class=\"label\">"
                        + "no relative lift: the control's mean is 0</text>", top + 32, TEXT));
                continue;
            }
            String colour = !c.significant() ? NEUTRAL : c.relativeLift() > 0 ? SUCCESS : FAILURE;
            String text = percent(c.relativeLift()) + " [" + percent(c.ciLow()) + ", " + percent(c.ciHigh()) + "]";
            rows.add(Html.of("""
                    <g><title>{} vs {} on {}: lift {}{}</title>
                    <text x="0" y="{}" font-size="{}" fill="{}" class="label">{}{}</text>
                    <line x1="{}%" y1="{}" x2="{}%" y2="{}" stroke="#9ca3af" stroke-dasharray="4 3"/>
                    <line x1="{}%" y1="{}" x2="{}%" y2="{}" stroke="{}" stroke-width="3" stroke-linecap="round"/>
                    <circle cx="{}%" cy="{}" r="5" fill="{}"/></g>""",
                    c.variation(), c.control(), c.metric(), text, c.significant() ? ", significant" : "",
                    top + 32, TEXT, colour, text, c.significant() ? " · significant" : "",
                    n(zero), top + 37, n(zero), top + LIFT_ROW,
                    n(x.applyAsDouble(c.ciLow())), top + 46, n(x.applyAsDouble(c.ciHigh())), top + 46, colour,
                    n(x.applyAsDouble(c.relativeLift())), top + 46, colour));
        }
        int axis = height - 6;
        return Html.of("""
                <figure class="chart"><svg class="lift" width="100%" height="{}" role="img" aria-labelledby="{}-title">
                <title id="{}-title">Relative lift of each variation against control, with its confidence interval</title>
                <text x="0" y="{}" font-size="{}" text-anchor="start" fill="{}" class="label">{}</text>
                <text x="{}%" y="{}" font-size="{}" text-anchor="middle" fill="{}" class="label">0%</text>
                <text x="100%" y="{}" font-size="{}" text-anchor="end" fill="{}" class="label">{}</text>{}</svg></figure>""",
                height, id, id, axis, TEXT, NEUTRAL, percent(-extent), n(zero), axis, TEXT, NEUTRAL,
                axis, TEXT, NEUTRAL, percent(extent), Html.join(rows));
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    private static String n(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
