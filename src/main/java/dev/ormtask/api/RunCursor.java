package dev.ormtask.api;

import dev.ormtask.history.RunIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque keyset cursor of {@code GET /api/runs}: the id of the last run on the previous page. */
final class RunCursor {

    private RunCursor() {}

    static String encode(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.US_ASCII));
    }

    static String decode(String cursor) {
        String id;
        try {
            id = cursor.length() > 64 ? null
                    : new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            id = null;
        }
        if (!RunIds.isWellFormed(id)) {
            throw new InvalidRequestException("cursor is not one this API issued; pass nextCursor from a previous page");
        }
        return id;
    }
}
