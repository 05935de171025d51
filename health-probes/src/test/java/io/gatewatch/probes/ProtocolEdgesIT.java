package io.gatewatch.probes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests at the edges of HTTP/1.1 that a careful server must not guess about. */
class ProtocolEdgesIT {

    /** Every answer on the connection until it closes. */
    private static List<RawHttp.Response> answersUntilClosed(RawHttp http) {
        List<RawHttp.Response> answers = new ArrayList<>();
        while (true) {
            try {
                answers.add(http.read(false));
            } catch (IOException closed) {
                return answers;
            }
        }
    }

    @Test
    void aBodyUnderTransferEncodingIdentityIs400NotASecondRequest() throws Exception {
        try (ServerFixture fixture = new ServerFixture("")) {
            try (RawHttp http = new RawHttp(fixture.address())) {
                // read as no body, the "body" would be answered as a request of its own
                http.send("GET /health/live HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n"
                        + "GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n");
                List<RawHttp.Response> answers = answersUntilClosed(http);
                assertThat(answers).singleElement().satisfies(r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.body()).isEqualTo("{\"status\":400,\"error\":\"unsupported transfer encoding\"}");
                    assertThat(r.header("connection")).isEqualTo("close");
                });
            }
            assertThat(fixture.health.probeCalls.get()).as("no probe ran").isZero();
            for (String coding : List.of("gzip", "identity, chunked, identity")) {
                try (RawHttp http = new RawHttp(fixture.address())) {
                    http.send("GET /health/live HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + "\r\n\r\n");
                    assertThat(answersUntilClosed(http)).as(coding).singleElement()
                            .satisfies(r -> assertThat(r.status()).isEqualTo(400));
                }
            }
        }
    }

    @Test
    void httpVersionsOtherThan10And11Get505() throws Exception {
        try (ServerFixture fixture = new ServerFixture("")) {
            for (String version : List.of("HTTP/1.2", "HTTP/1.9", "HTTP/2.0", "HTTP/0.9")) {
                try (RawHttp http = new RawHttp(fixture.address())) {
                    http.send("GET /health/live " + version + "\r\nHost: x\r\n\r\n");
                    List<RawHttp.Response> answers = answersUntilClosed(http);
                    assertThat(answers).as(version).hasSizeLessThanOrEqualTo(1);
                    if (version.startsWith("HTTP/1.")) {
                        assertThat(answers).as(version).singleElement().satisfies(r -> {
                            assertThat(r.status()).isEqualTo(505);
                            assertThat(r.body()).isEqualTo("{\"status\":505,\"error\":\"HTTP version not supported\"}");
                        });
                    }
                }
            }
            // the status line speaks HTTP/1.1, not the client's version back
            try (java.net.Socket raw = new java.net.Socket()) {
                raw.connect(fixture.address(), 2000);
                raw.setSoTimeout(5000);
                raw.getOutputStream().write("GET /health/live HTTP/1.2\r\nHost: x\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(raw.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 505 ");
            }
        }
    }

    @Test
    void aMissingHostInHttp11OrADuplicateHostIs400() throws Exception {
        try (ServerFixture fixture = new ServerFixture("")) {
            for (String request : List.of("GET /health/live HTTP/1.1\r\n\r\n",
                    "GET /health/live HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                    "GET /health/live HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n",
                    "GET /health/live HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n")) {
                try (RawHttp http = new RawHttp(fixture.address())) {
                    http.send(request);
                    assertThat(answersUntilClosed(http)).as(request).singleElement().satisfies(r -> {
                        assertThat(r.status()).isEqualTo(400);
                        assertThat(r.body()).startsWith("{\"status\":400,\"error\":\"");
                    });
                }
            }
            // HTTP/1.0 needs no Host: HAProxy's default health check sends none
            try (RawHttp http = new RawHttp(fixture.address())) {
                http.send("GET /health/live HTTP/1.0\r\n\r\n");
                assertThat(answersUntilClosed(http)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(200));
            }
            assertThat(fixture.health.probeCalls.get()).as("only the HTTP/1.0 probe ran").isEqualTo(1);
        }
    }

    @Test
    void pipelinedRequestsBeyondTheLimitAreAnsweredUpToItInOrderThenTheConnectionCloses() throws Exception {
        try (ServerFixture fixture = new ServerFixture("")) {
            String[] paths = {"/health/live", "/nope", "/health/ready", "/health/started"};
            for (int count : new int[] {18, 40}) {
                StringBuilder burst = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    burst.append("GET ").append(paths[i % paths.length]).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
                }
                try (RawHttp http = new RawHttp(fixture.address())) {
                    http.send(burst.toString()); // one write
                    List<RawHttp.Response> answers = answersUntilClosed(http);
                    // one in flight plus 16 held; a client whose answers are quick may get more
                    assertThat(answers.size()).as("answers to " + count).isBetween(17, count);
                    for (int i = 0; i < answers.size(); i++) {
                        String path = paths[i % paths.length];
                        RawHttp.Response r = answers.get(i);
                        assertThat(r.status()).as("answer " + i).isEqualTo(path.equals("/nope") ? 404 : 200);
                        // ready and started carry the lifecycle check; live does not
                        assertThat(r.body().contains("\"lifecycle\"")).as("answer " + i + " is " + path)
                                .isEqualTo(path.equals("/health/ready") || path.equals("/health/started"));
                    }
                    if (answers.size() < count) {
                        assertThat(answers.get(answers.size() - 1).header("connection")).isEqualTo("close");
                    }
                    System.out.printf("%d pipelined requests in one write: %d answered in order%n", count, answers.size());
                }
            }
        }
    }
}
