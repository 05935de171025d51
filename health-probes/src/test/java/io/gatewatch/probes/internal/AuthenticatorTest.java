package io.gatewatch.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.probes.StatusSettings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private static final StatusSettings.Auth BOTH = new StatusSettings.Auth(
            Map.of("ops", new StatusSettings.Secret("correct horse")),
            Optional.of(new StatusSettings.Secret("t0ken-t0ken")), "edge");

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void offPermitsEverything() {
        Authenticator auth = new Authenticator(StatusSettings.Auth.NONE);
        assertThat(auth.enabled()).isFalse();
        assertThat(auth.permits(null)).isTrue();
    }

    @Test
    void basicAndBearerCredentials() {
        Authenticator auth = new Authenticator(BOTH);
        assertThat(auth.permits(basic("ops:correct horse"))).isTrue();
        assertThat(auth.permits("basic " + basic("ops:correct horse").substring(6))).isTrue();
        assertThat(auth.permits("Bearer t0ken-t0ken")).isTrue();
        assertThat(auth.permits(basic("ops:correct horsE"))).isFalse();
        assertThat(auth.permits(basic("dev:correct horse"))).isFalse();
        assertThat(auth.permits(basic("ops"))).isFalse();
        assertThat(auth.permits("Basic !!!notbase64")).isFalse();
        assertThat(auth.permits("Bearer t0ken-t0ke")).isFalse();
        assertThat(auth.permits("Digest t0ken-t0ken")).isFalse();
        assertThat(auth.permits("t0ken-t0ken")).isFalse();
        assertThat(auth.permits(null)).isFalse();
        assertThat(auth.permits("")).isFalse();
    }

    @Test
    void challengesOfferWhatIsConfigured() {
        assertThat(new Authenticator(BOTH).challenges())
                .containsExactly("Basic realm=\"edge\", charset=\"UTF-8\"", "Bearer realm=\"edge\"");
        StatusSettings.Auth tokenOnly = new StatusSettings.Auth(Map.of(),
                Optional.of(new StatusSettings.Secret("t0ken-t0ken")), "gatewatch");
        assertThat(new Authenticator(tokenOnly).challenges()).containsExactly("Bearer realm=\"gatewatch\"");
        // a token-only listener does not take basic credentials
        assertThat(new Authenticator(tokenOnly).permits(basic("x:t0ken-t0ken"))).isFalse();
    }
}
