package io.gatewatch.spi.support;

import com.typesafe.config.ConfigException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a Typesafe {@link ConfigException} says is wrong, in the words gatewatch uses for every
 * setting ("expected ..., found ..."), without the origin and the path, which a problem names
 * apart. {@link SettingsProblems} words a plugin's failed reads with it; core words its own
 * parse errors with it too, so a user reads one style whoever checked the setting.
 */
public final class ConfigExceptionText {
    private static final Pattern MISSING = Pattern.compile("No configuration setting found for key '(.+)'");
    private static final Pattern WRONG_TYPE = Pattern.compile("(\\S+) has type (\\w+) rather than (\\w+)");
    private static final Pattern NULL = Pattern.compile("Configuration key '(.+)' is set to null but expected (\\w+)");
    private static final Pattern BAD_VALUE = Pattern.compile("Invalid value at '(.+?)': (.*)", Pattern.DOTALL);
    private static final Pattern BAD_PATH = Pattern.compile("Invalid path '(.+?)': (.*)", Pattern.DOTALL);

    private ConfigExceptionText() {
    }

    /** What is wrong ({@code expected number, found string}); Typesafe's own message when it is of no known shape. */
    public static String detail(ConfigException e) {
        return word(e).detail();
    }

    /**
     * The key Typesafe's message names, as the failing code asked for it (relative to the subtree
     * it read), or {@code null} when the message names none.
     */
    public static @Nullable String key(ConfigException e) {
        return word(e).key();
    }

    private record Worded(@Nullable String key, String detail) {
    }

    private static Worded word(ConfigException e) {
        String message = stripOrigin(e);
        Matcher m;
        if ((m = MISSING.matcher(message)).matches()) {
            return new Worded(m.group(1), "expected a value, found nothing (the setting is missing)");
        }
        if ((m = WRONG_TYPE.matcher(message)).matches()) {
            return new Worded(m.group(1), "expected " + lower(m.group(3)) + ", found " + lower(m.group(2)));
        }
        if ((m = NULL.matcher(message)).matches()) {
            // a plugin declares a required setting as "key = null" in its reference.conf
            String found = fromReferenceConf(e) ? "nothing (the setting is required and has no default)" : "null";
            return new Worded(m.group(1), "expected " + lower(m.group(2)) + ", found " + found);
        }
        if ((m = BAD_VALUE.matcher(message)).matches() || (m = BAD_PATH.matcher(message)).matches()) {
            return new Worded(m.group(1), m.group(2));
        }
        return new Worded(null, message);
    }

    private static boolean fromReferenceConf(ConfigException e) {
        return e.origin() != null && e.origin().description() != null
                && e.origin().description().contains("reference.conf");
    }

    private static String stripOrigin(ConfigException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.origin() != null && e.origin().description() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }

    private static String lower(String typeName) {
        return typeName.toLowerCase(Locale.ROOT);
    }
}
