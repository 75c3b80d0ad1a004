package dev.ormtask.api;

import java.util.List;
import java.util.regex.Pattern;

/** Content negotiation over an Accept (RFC 9110 12.5.1): how much a client wants one media type, and where it said so. */
final class MediaRanges {

    /** What the API answers with, in a 406's detail. */
    static final String API_TYPES = "application/json (problems as " + Problem.MEDIA_TYPE + ")";

    private static final Pattern QVALUE = Pattern.compile("0(?:\\.[0-9]{0,3})?|1(?:\\.0{0,3})?");

    /**
     * How much the client wants {@code type}: the q of the most specific range naming it, and the index of that range
     * (to break a tie by the client's order).
     */
    record Choice(double quality, int position) {}

    private MediaRanges() {}

    /**
     * The client's choice for {@code type} (lower-case {@code main/sub}) in {@code ranges}: an exact range beats
     * {@code main/*}, which beats {@code *}{@code /*}; an exact range naming a {@code version} other than
     * {@code servedVersion} (when not null) does not name it. Quality 0 when no range names it.
     */
    static Choice choose(List<HeaderElement> ranges, String type, String servedVersion) {
        String anySubtype = type.substring(0, type.indexOf('/')) + "/*";
        int specificity = -1;
        Choice choice = new Choice(0, Integer.MAX_VALUE);
        for (int i = 0; i < ranges.size(); i++) {
            HeaderElement range = ranges.get(i);
            String name = range.name();
            int matches = name.equals(type) ? 2 : name.equals(anySubtype) ? 1 : name.equals("*/*") ? 0 : -1;
            String asked = range.parameter("version");
            if (matches == 2 && servedVersion != null && asked != null && !asked.equals(servedVersion)) {
                matches = -1;
            }
            double quality = quality(range.parameter("q"));
            if (matches > specificity || (matches == specificity && matches >= 0 && quality > choice.quality())) {
                specificity = matches;
                choice = new Choice(quality, i);
            }
        }
        return choice;
    }

    /** The detail of a 406 from the API. */
    static String notAcceptable(String accept) {
        return "Accept '" + StrictQuery.quote(accept) + "' names no type this resource answers with: it answers "
                + API_TYPES + "; send Accept: application/json, or no Accept";
    }

    // RFC 9110 12.4.2: 0 to 1, at most three decimals; a q the client got wrong does not make its range unacceptable.
    private static double quality(String value) {
        return value != null && QVALUE.matcher(value).matches() ? Double.parseDouble(value) : 1;
    }
}
