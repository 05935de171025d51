package io.gatewatch.exporter.datadog;

import com.datadog.api.client.ApiClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.datadog.api.client.ApiException;
import com.datadog.api.client.v2.api.MetricsApi;
import com.datadog.api.client.v2.model.MetricContentEncoding;
import com.datadog.api.client.v2.model.MetricPayload;
import com.datadog.api.client.v2.model.MetricSeries;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;

/**
 * Sends series through {@code datadog-api-client}'s {@code MetricsApi} (v2, gzip), with the
 * client's traps defused: timeouts set (they default to infinite), the client's own retry left off
 * (it blocks and ignores network errors; the exporter retries), the key set by name through
 * {@code configureApiKeys} (never {@code setApiKey}, which may pick the wrong slot), network
 * errors caught although they are unchecked, and the Jersey client closed on {@link #close()}.
 * Every request has a total deadline ({@link DatadogSettings#sendDeadline()}, see
 * {@link SendDeadline}), and redirects are never followed: a {@code 3xx} is a failed send, so the
 * {@code DD-API-KEY} header goes to the configured intake and nowhere else.
 *
 * <p>The client is built when gatewatch starts ({@link #prepare()}, once every plugin's config
 * has been accepted) or else on the first send, never at construction: a gatewatch whose start-up
 * fails on another plugin's config never pays for (or leaks) Jersey.
 */
final class ApiClientSender implements SeriesSender {
    private static final int MAX_REASON = 300;
    /**
     * The JDK's HTTP connection (the client's transport) logs every request header at FINE,
     * DD-API-KEY included. Pinning this logger at INFO keeps a debug logging setup from leaking
     * the key; held here so the setting cannot be garbage-collected with the logger.
     */
    private static final java.util.logging.Logger JDK_HTTP_LOG =
            java.util.logging.Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection");

    private final DatadogSettings settings;
    private final Clock clock;
    private final SendDeadline deadline = new SendDeadline();
    private ApiClient client;
    private MetricsApi api;
    private boolean closed;

    ApiClientSender(DatadogSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public SendOutcome send(List<MetricSeries> series) {
        MetricsApi metrics = api();
        if (metrics == null) {
            return SendOutcome.networkError("sender closed");
        }
        try (SendDeadline.Armed armed = deadline.arm(settings.sendDeadline())) {
            int status = metrics.submitMetricsWithHttpInfo(new MetricPayload().series(series),
                    new MetricsApi.SubmitMetricsOptionalParameters().contentEncoding(MetricContentEncoding.GZIP))
                    .getStatusCode();
            return SendOutcome.accepted(status);
        } catch (ApiException e) {
            if (deadline.expired()) {
                return SendOutcome.networkError(overran());
            }
            if (e.getCode() >= 300 && e.getCode() < 400) {
                return SendOutcome.ofStatus(e.getCode(), null, redirect(e.getResponseHeaders()));
            }
            return SendOutcome.ofStatus(e.getCode(), retryAfter(e.getResponseHeaders()), reason(e.getResponseBody()));
        } catch (RuntimeException e) {
            // jakarta.ws.rs.ProcessingException (timeouts, refused connections) and its kin are
            // unchecked; they must not escape as if the payload were broken.
            return SendOutcome.networkError(deadline.expired() ? overran() : describe(e));
        }
    }

    private String overran() {
        return "timed out: no complete answer within " + settings.sendDeadline().toMillis()
                + " ms (the send deadline: connect-timeout + read-timeout, at most one interval)";
    }

    /** Where the intake wanted the request to go, as scheme://host:port only (a path or query may hold anything). */
    private String redirect(Map<String, List<String>> headers) {
        String location = headers == null ? null : header(headers, "location");
        String target = "nowhere";
        if (location != null) {
            try {
                URI u = URI.create(settings.baseUrl()).resolve(location.trim());
                target = u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
            } catch (IllegalArgumentException e) {
                target = "an unparsable location";
            }
        }
        return settings.apiKey().scrub("redirect to " + target
                + " not followed: the API key is sent to the configured intake only (set uri to the right address)");
    }

    /**
     * Builds the client, builds (never invokes) a request, which makes Jersey set up its runtime,
     * and runs the client's JSON mapper once over a series shaped like the exporter's. That class
     * loading and first-use work (here: the first send took 264 ms alone, 85 ms after this) then
     * happens at start-up instead of in the first interval, under traffic.
     */
    @Override
    public void prepare() {
        if (api() == null) {
            return;
        }
        client.getHttpClient().target(settings.baseUrl()).request().buildGet();
        try {
            client.getJSON().getMapper().writeValueAsBytes(new MetricPayload().series(List.of(PayloadBuilder.sampleSeries())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the Datadog client cannot write a series", e);
        }
    }

    /** Whether the client has been built (by {@link #prepare()} or the first send). */
    synchronized boolean prepared() {
        return api != null;
    }

    private synchronized MetricsApi api() {
        if (closed) {
            return null;
        }
        if (api == null) {
            JDK_HTTP_LOG.setLevel(java.util.logging.Level.INFO);
            ApiClient c = new ApiClient();
            // the same configuration as the client's own, plus: connections opened through the
            // deadline (so it can cut them) and no redirects followed (the key is in a header)
            ClientConfig config = c.getDefaultClientConfig()
                    .connectorProvider(new HttpUrlConnectorProvider().connectionFactory(deadline::open))
                    .property(ClientProperties.FOLLOW_REDIRECTS, false)
                    .register(deadline.responseFilter());
            c.getHttpClient().close();
            c.setClientConfig(config);
            c.configureApiKeys(Map.of("apiKeyAuth", settings.apiKey().reveal()));
            c.setConnectTimeout((int) settings.connectTimeout().toMillis());
            c.setReadTimeout((int) settings.readTimeout().toMillis());
            c.setBasePath(settings.baseUrl());
            client = c;
            api = new MetricsApi(c);
        }
        return api;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deadline.close();
        if (client != null) {
            // Without this, an async call's non-daemon executor keeps the JVM alive for a minute.
            client.getHttpClient().close();
        }
    }

    /** {@code Retry-After} (seconds or an HTTP date), else Datadog's {@code X-RateLimit-Reset} (seconds). */
    Duration retryAfter(Map<String, List<String>> headers) {
        if (headers == null) {
            return null;
        }
        String retryAfter = header(headers, "retry-after");
        if (retryAfter != null) {
            Duration d = parseRetryAfter(retryAfter.trim(), clock);
            if (d != null) {
                return Backoff.clamp(d);
            }
        }
        String reset = header(headers, "x-ratelimit-reset");
        Duration d = reset == null ? null : seconds(reset.trim());
        return d == null ? null : Backoff.clamp(d);
    }

    static Duration parseRetryAfter(String value, Clock clock) {
        Duration d = seconds(value);
        if (d != null) {
            return d;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration until = Duration.between(clock.instant(), at.toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private static Duration seconds(String value) {
        try {
            long s = Long.parseLong(value);
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            // all digits but beyond a long: a wait longer than any clamp
            return !value.isEmpty() && value.chars().allMatch(Character::isDigit) ? Backoff.MAX : null;
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private String reason(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return settings.apiKey().scrub(oneLine.length() > MAX_REASON ? oneLine.substring(0, MAX_REASON) + "..." : oneLine);
    }

    /** The innermost cause's class and message: {@code SocketTimeoutException: Read timed out}. */
    private String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return settings.apiKey().scrub(text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "..." : text);
    }
}
