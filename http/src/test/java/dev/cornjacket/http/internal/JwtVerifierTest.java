package dev.cornjacket.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.cornjacket.config.AuthSettings;
import dev.cornjacket.config.Secret;
import dev.cornjacket.http.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtVerifierTest {

  private static AuthSettings auth(Optional<Path> jwks) {
    return new AuthSettings(
        AuthSettings.Mode.JWT,
        Optional.of(new Secret(Tokens.SECRET)),
        jwks,
        Optional.of(Tokens.ISSUER),
        Optional.of(Tokens.AUDIENCE),
        Duration.ofSeconds(30),
        Optional.empty(),
        AuthSettings.MetricsAccess.OPEN);
  }

  private final JwtVerifier verifier = new JwtVerifier(auth(Optional.empty()));

  @Test
  void shouldReadSubjectScopesAndDevice() throws Exception {
    Caller caller =
        verifier.verify(Tokens.hs256(Tokens.claims("gw-1", "ingest query").claim("device", "d-1")));

    assertThat(caller.subject()).isEqualTo("gw-1");
    assertThat(caller.scopes()).isEqualTo(Set.of(Scope.INGEST, Scope.QUERY));
    assertThat(caller.device()).contains("d-1");
    assertThat(
            verifier
                .verify(Tokens.hs256(Tokens.claims("x", "x").claim("scp", List.of("ops"))))
                .scopes())
        .containsExactly(Scope.OPS);
  }

  @Test
  void shouldRefuseExpiredForeignAndBadlySignedTokensWithAFixedReason() {
    Instant past = Instant.now().minus(Duration.ofMinutes(5));
    assertRefused(
        Tokens.hs256(Tokens.claims("a", "ingest").expirationTime(Date.from(past))),
        "the token has expired");
    assertRefused(
        Tokens.hs256(Tokens.claims("a", "ingest").issuer("https://evil.example")),
        "the token's issuer is not accepted");
    assertRefused(
        Tokens.hs256(Tokens.claims("a", "ingest").audience("another-api")),
        "the token's audience is not accepted");
    assertRefused(
        Tokens.sign(
            Tokens.claims("a", "ingest"),
            JWSAlgorithm.HS256,
            Tokens.hmac("another-secret-of-at-least-32-bytes!!")),
        "the token's signature or algorithm is not accepted");
    assertRefused(
        Tokens.hs256(Tokens.claims("a", "ingest").expirationTime(null)),
        "the token lacks a required claim (sub, exp)");
    assertRefused("not.a.token", "the token is not a JWT");
  }

  @Test
  void shouldTolerateExpiryWithinTheClockSkew() throws Exception {
    Instant justNow = Instant.now().minus(Duration.ofSeconds(10));
    assertThat(
            verifier
                .verify(
                    Tokens.hs256(Tokens.claims("a", "ingest").expirationTime(Date.from(justNow))))
                .subject())
        .isEqualTo("a");
  }

  @Test
  void shouldVerifyEs256TokensWithTheKeysOfAJwksFile(@TempDir Path dir) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
    JwtVerifier withKeys = new JwtVerifier(auth(Optional.of(jwks)));

    String token =
        Tokens.sign(Tokens.claims("svc", "ops"), JWSAlgorithm.ES256, new ECDSASigner(key));

    assertThat(withKeys.verify(token).scopes()).containsExactly(Scope.OPS);
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    assertThatThrownBy(
            () ->
                withKeys.verify(
                    Tokens.sign(
                        Tokens.claims("svc", "ops"),
                        JWSAlgorithm.ES256,
                        new ECDSASigner(stranger))))
        .hasMessage("the token's signature or algorithm is not accepted");
  }

  private void assertRefused(String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(JwtVerifier.InvalidTokenException.class)
        .hasMessage(reason);
  }
}
