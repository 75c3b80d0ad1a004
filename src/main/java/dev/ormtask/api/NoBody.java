package dev.ormtask.api;

/**
 * The check of an action that takes no body (cancel, re-run, pause, resume): a body sent to one would be ignored, and
 * a client that sends parameters with a re-run must learn they were not used rather than find out from the run.
 */
final class NoBody {

    private NoBody() {}

    /**
     * Refuses a body with something in it; nothing, blanks or an empty JSON object ({@code {}}, which some clients
     * send with every POST) say nothing and pass.
     */
    static void check(String body, String what, String instead) {
        if (body == null || body.isBlank() || body.replaceAll("\\s", "").equals("{}")) {
            return;
        }
        throw new InvalidRequestException(what + " takes no body" + instead);
    }
}
