package dev.ormtask.api;

import java.util.List;

/**
 * The Accept of a {@code /q/metrics} request, as Micrometer's route can serve it. That route offers OpenMetrics only
 * to an Accept naming {@code version=1.0.0; charset=utf-8} exactly: a bare {@code application/openmetrics-text}, or
 * Prometheus' own {@code ;version=1.0.0}, got a bare 406 or fell back to the text format.
 */
final class MetricsAccept {

    static final String OPENMETRICS = "application/openmetrics-text";
    /** What the route answers with, for the message of a 406. */
    static final String OFFERED = "text/plain (version 0.0.4) or " + OPENMETRICS + " (version 1.0.0)";

    private static final String OPENMETRICS_SERVED = OPENMETRICS + "; version=1.0.0; charset=utf-8";
    private static final String TEXT_SERVED = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsAccept() {}

    /**
     * The Accept to route with for the media ranges a client sent: the format it prefers, spelled as the route matches
     * it, or null when it accepts neither (a 406). Each format takes the q of the most specific range that names it (a version other than
     * the one served does not name it); of two equal, the one named first, and OpenMetrics when one range names both.
     * The route itself matched only its own spelling: {@code TEXT/PLAIN} or a blank before a ';' got a bare 406, and
     * {@code text/*} or a {@code text/plain;q=0} beside {@code *}{@code /*} got the format not asked for.
     */
    static String routable(List<HeaderElement> ranges) {
        MediaRanges.Choice text = MediaRanges.choose(ranges, "text/plain", "0.0.4");
        MediaRanges.Choice openMetrics = MediaRanges.choose(ranges, OPENMETRICS, "1.0.0");
        if (text.quality() <= 0 && openMetrics.quality() <= 0) {
            return null;
        }
        boolean textWins = text.quality() > openMetrics.quality()
                || (text.quality() == openMetrics.quality() && text.position() < openMetrics.position());
        return textWins ? TEXT_SERVED : OPENMETRICS_SERVED;
    }
}
