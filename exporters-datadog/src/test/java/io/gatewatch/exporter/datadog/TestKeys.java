package io.gatewatch.exporter.datadog;

/** The API key every test uses, distinctive enough that finding it anywhere means a leak. */
final class TestKeys {
    static final String API_KEY = "5ec7e7a91b2c4d3e8f6a0b9c7d1e2f3a";
    static final String LAST_FOUR = "2f3a";

    private TestKeys() {
    }
}
