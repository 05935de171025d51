package io.gatewatch.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The secrets a configuration holds (API keys, passwords, tokens), so that no error message ever
 * prints one, wherever it ended up: {@code site = ${DD_API_KEY}} makes the key the value of a
 * setting that is not secret, and that setting's problem would otherwise quote it. Core builds
 * the report of every plugin, so masking here covers them all.
 *
 * <p>A secret is a string value of at least {@value #MIN_LENGTH} characters whose path has a part
 * named like a secret ({@code api-key}, {@code bearer-token}, {@code password}, ...), or a basic
 * auth user's password ({@code ...auth.users.<name>}). Shorter values are left alone: masking
 * every "abc" in a report would garble it, and every secret setting we ship requires 8 or more.
 */
public final class ConfigSecrets {
    /** Setting names whose values are secrets, wherever they sit. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(key|secret|password|token|credential).*");
    static final int MIN_LENGTH = 4;

    public static final ConfigSecrets NONE = new ConfigSecrets(List.of());

    private record Secret(String path, String value) {
    }

    private final List<Secret> secrets;

    private ConfigSecrets(List<Secret> secrets) {
        this.secrets = secrets;
    }

    /** The secrets of a resolved {@code gatewatch} subtree; {@code base} is its path. */
    public static ConfigSecrets in(Config config, String base) {
        List<Secret> found = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            ConfigValue v = e.getValue();
            if (v.valueType() != ConfigValueType.STRING || !isSecretPath(e.getKey())) {
                continue;
            }
            String value = (String) v.unwrapped();
            if (value.length() >= MIN_LENGTH) {
                found.add(new Secret(base.isEmpty() ? e.getKey() : base + "." + e.getKey(), value));
            }
        }
        // longest first, so a secret that contains another is hidden whole
        found.sort(Comparator.comparingInt((Secret s) -> s.value().length()).reversed());
        return new ConfigSecrets(List.copyOf(found));
    }

    static boolean isSecretPath(String path) {
        for (String part : path.split("\\.")) {
            if (SECRET_NAME.matcher(part).matches()) {
                return true;
            }
        }
        return path.contains("auth.users.");
    }

    /**
     * {@code text} with every secret replaced by a note naming the setting it belongs to, and
     * every run of {@value #MIN_RUN} or more characters taken from a secret too: a parser's
     * message may quote part of a value ({@code Could not parse time unit 'abcdef...'}).
     */
    public String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (Secret s : secrets) {
            out = out.replace(s.value(), "(the value of " + s.path() + ", hidden)");
        }
        for (Secret s : secrets) {
            out = maskRuns(out, s);
        }
        return out;
    }

    /** Runs of secret characters shorter than this are too short to matter and too common to mask. */
    static final int MIN_RUN = 8;

    private static String maskRuns(String text, Secret s) {
        if (s.value().length() < MIN_RUN) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int end = i + MIN_RUN;
            if (end <= text.length() && s.value().contains(text.substring(i, end))) {
                while (end < text.length() && s.value().contains(text.substring(i, end + 1))) {
                    end++;
                }
                out.append("(part of the value of ").append(s.path()).append(", hidden)");
                i = end;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    /** Whether {@code text} holds a secret, or a run of {@value #MIN_RUN} characters of one. */
    public boolean appearsIn(String text) {
        return text != null && !mask(text).equals(text);
    }

    /** Whether a secret appears in the message of {@code e} or of any of its causes. */
    public boolean appearsIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (appearsIn(t.getMessage()) || appearsIn(t.toString())) {
                return true;
            }
        }
        return false;
    }

    /** The problems with every secret masked in their origin, path and detail. */
    public List<ConfigProblem> mask(List<ConfigProblem> problems) {
        if (secrets.isEmpty()) {
            return problems;
        }
        List<ConfigProblem> out = new ArrayList<>(problems.size());
        for (ConfigProblem p : problems) {
            out.add(new ConfigProblem(mask(p.origin()), mask(p.path()), mask(p.detail())));
        }
        return out;
    }
}
