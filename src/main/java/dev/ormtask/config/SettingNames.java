package dev.ormtask.config;

import java.util.Collection;
import java.util.Locale;

/** How a setting's key becomes its environment variable, and which known name a mistyped one most likely meant. */
public final class SettingNames {

    // More than three edits apart is another word, not a typo.
    private static final int MAX_TYPO = 3;

    private SettingNames() {}

    /** The environment variable MicroProfile Config reads a key from: every character but letters and digits as _, in capitals. */
    public static String variable(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The known name nearest to {@code name} within a few typing mistakes, or null. */
    public static String nearest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = MAX_TYPO + 1;
        for (String candidate : known) {
            int d = distance(name, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    // Levenshtein: insertions, deletions and substitutions.
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
