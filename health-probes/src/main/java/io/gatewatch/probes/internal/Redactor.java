package io.gatewatch.probes.internal;

import io.gatewatch.probes.StatusSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what the listener sends and logs: the configured passwords and token
 * wherever they appear, and any data value whose name says it is a secret.
 */
final class Redactor {
    static final String MASK = StatusSettings.Secret.MASK;
    private static final Pattern SECRET_NAME = Pattern.compile(
            "pass(word|wd)?|secret|token|api[-_.]?key|app[-_.]?key|credential|authorization|private[-_.]?key");

    private final List<String> secrets;

    Redactor(List<String> secrets) {
        List<String> sorted = new ArrayList<>();
        for (String s : secrets) {
            // settings refuse secrets shorter than 8 characters; a tiny one would mangle every message
            if (s != null && s.length() >= 3) {
                sorted.add(s);
            }
        }
        // longest first, so a secret that contains another is masked whole
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(sorted);
    }

    static Redactor of(StatusSettings.Auth auth) {
        List<String> secrets = new ArrayList<>();
        auth.users().values().forEach(s -> secrets.add(s.reveal()));
        auth.bearerToken().ifPresent(s -> secrets.add(s.reveal()));
        return new Redactor(secrets);
    }

    String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    /**
     * A copy of a check's data in which the values of secret-looking names ({@code api-key},
     * {@code password}, ...) are masked, at every depth, whatever they are.
     */
    static Object maskSecretNames(Object data) {
        if (data instanceof java.util.Map<?, ?> map) {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, isSecretName(key) && e.getValue() != null ? MASK : maskSecretNames(e.getValue()));
            }
            return out;
        }
        if (data instanceof java.util.Collection<?> list) {
            java.util.List<Object> out = new java.util.ArrayList<>(list.size());
            for (Object element : list) {
                out.add(maskSecretNames(element));
            }
            return out;
        }
        return data;
    }

    static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
    }
}
