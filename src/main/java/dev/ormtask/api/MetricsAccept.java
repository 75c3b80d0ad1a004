package dev.ormtask.api;


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

    private MetricsAccept() {}

    /**
     * The Accept to route with: as sent, or only OpenMetrics 1.0.0 spelled as the route matches it when that is the
     * range the client prefers most (the route picked the text format whenever the Accept also named it); null when
     * no range names a format the route serves (a 406).
     */
    static String routable(String accept) {
        if (accept == null || accept.isBlank()) {
            return accept;
        }
        double best = -1;
        boolean bestIsOpenMetrics = false;
        for (HeaderElement range : HeaderElement.list(accept)) {
            String type = range.name();
            String version = range.parameter("version");
            String q = range.parameter("q");
            double quality = q == null ? 1 : quality(q);
            boolean openMetrics = type.equals(OPENMETRICS) && (version == null || version.equals("1.0.0"));
            boolean servable = openMetrics || type.equals("text/plain") || type.equals("text/*") || type.equals("*/*");
            if (servable && quality > 0 && quality > best) {
                best = quality;
                bestIsOpenMetrics = openMetrics;
            }
        }
        if (best < 0) {
            return null;
        }
        return bestIsOpenMetrics ? OPENMETRICS_SERVED : accept;
    }

    private static double quality(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return 1; // a q the client got wrong does not make its type unacceptable
        }
    }
}
