package io.gatewatch.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.spi.StatusResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class EncodedResponseTest {

    @Test
    void acceptEncodingParsing() {
        assertThat(EncodedResponse.acceptsGzip("gzip")).isTrue();
        assertThat(EncodedResponse.acceptsGzip("deflate, gzip;q=0.5")).isTrue();
        assertThat(EncodedResponse.acceptsGzip("*")).isTrue();
        assertThat(EncodedResponse.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(EncodedResponse.acceptsGzip("gzip; q=0.000")).isFalse();
        assertThat(EncodedResponse.acceptsGzip("identity")).isFalse();
        assertThat(EncodedResponse.acceptsGzip(null)).isFalse();
    }

    @Test
    void compressesLargeCompressibleBodiesOnly() throws Exception {
        String big = "metric_total 1\n".repeat(200);
        EncodedResponse zipped = EncodedResponse.of(StatusResponse.text(200, big), false, "gzip");
        assertThat(zipped.gzip()).isTrue();
        assertThat(zipped.contentLength()).isEqualTo(zipped.body().length).isLessThan(big.length());
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(),
                StandardCharsets.UTF_8)).isEqualTo(big);

        assertThat(EncodedResponse.of(StatusResponse.text(200, "small"), false, "gzip").gzip()).isFalse();
        assertThat(EncodedResponse.of(StatusResponse.text(200, big), false, null).gzip()).isFalse();
    }

    @Test
    void headKeepsTheLengthAndDropsTheBody() {
        EncodedResponse head = EncodedResponse.of(StatusResponse.json(200, "{\"status\":\"UP\"}"), true, null);
        assertThat(head.body()).isEmpty();
        assertThat(head.contentLength()).isEqualTo(15);
    }
}
