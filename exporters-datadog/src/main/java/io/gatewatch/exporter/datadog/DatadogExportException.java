package io.gatewatch.exporter.datadog;

/**
 * An interval was not delivered (it stays buffered) or data was dropped. The message says why and
 * never contains the API key; there is deliberately no cause, because a transport exception's
 * message is not ours to vouch for.
 */
public final class DatadogExportException extends Exception {
    private static final long serialVersionUID = 1L;

    DatadogExportException(String message) {
        super(message, null, false, false);
    }
}
