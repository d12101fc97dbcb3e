package dev.cornjacket.http.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.cornjacket.config.AuthSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies bearer tokens: signature (HS256 with the configured secret, or RS256/ES256 with the keys
 * of a JWKS file), expiry and not-before within the clock skew, issuer and audience when
 * configured, and a subject. Scopes come from {@code scope} (space-separated, as in OAuth 2) or
 * {@code scp} (a list); a {@code device} claim limits ingest to that device.
 */
public final class JwtVerifier {

  /** The claim that limits a token to one device's events. */
  public static final String DEVICE_CLAIM = "device";

  /** Why a token was refused; the description is fixed text, never data from the token. */
  public static final class InvalidTokenException extends Exception {
    public InvalidTokenException(String description) {
      super(description);
    }
  }

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  public JwtVerifier(AuthSettings auth) {
    JWSKeySelector<SecurityContext> hmac =
        auth.jwtSecret()
            .<JWSKeySelector<SecurityContext>>map(
                s ->
                    new JWSVerificationKeySelector<>(
                        JWSAlgorithm.HS256,
                        new ImmutableSecret<>(s.value().getBytes(StandardCharsets.UTF_8))))
            .orElse(null);
    JWSKeySelector<SecurityContext> publicKeys =
        auth.jwksFile()
            .<JWSKeySelector<SecurityContext>>map(
                file ->
                    new JWSVerificationKeySelector<>(
                        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                        new ImmutableJWKSet<>(loadJwks(file))))
            .orElse(null);
    processor.setJWSKeySelector(
        (header, context) -> {
          List<Key> keys = new ArrayList<>();
          if (hmac != null) {
            keys.addAll(hmac.selectJWSKeys(header, context));
          }
          if (publicKeys != null) {
            keys.addAll(publicKeys.selectJWSKeys(header, context));
          }
          return keys;
        });
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
    auth.issuer().ifPresent(exact::issuer);
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            auth.audience().orElse(null), exact.build(), Set.of("sub", "exp"));
    claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, auth.clockSkew().toSeconds()));
    processor.setJWTClaimsSetVerifier(claims);
  }

  private static JWKSet loadJwks(Path file) {
    try {
      return JWKSet.load(file.toFile());
    } catch (IOException | ParseException e) {
      throw new IllegalArgumentException(
          AuthSettings.JWKS.env() + ": " + file + " is not a readable JWKS file: " + e.getMessage(),
          e);
    }
  }

  /** The caller a valid token stands for. */
  public Caller verify(String token) throws InvalidTokenException {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw new InvalidTokenException("the token is not a JWT");
    } catch (BadJWTException e) {
      throw new InvalidTokenException(describe(e));
    } catch (BadJOSEException | JOSEException e) {
      throw new InvalidTokenException("the token's signature or algorithm is not accepted");
    }
    try {
      return new Caller(claims.getSubject(), scopes(claims), device(claims));
    } catch (ParseException e) {
      throw new InvalidTokenException("the token's scope or device claim is malformed");
    }
  }

  private static String describe(BadJWTException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Expired")) {
      return "the token has expired";
    }
    if (message.contains("before use time")) {
      return "the token is not valid yet";
    }
    if (message.contains("audience")) {
      return "the token's audience is not accepted";
    }
    if (message.contains("missing required claims")) {
      return "the token lacks a required claim (sub, exp)";
    }
    if (message.contains("iss claim")) {
      return "the token's issuer is not accepted";
    }
    return "the token's claims are not accepted";
  }

  private static Set<Scope> scopes(JWTClaimsSet claims) throws ParseException {
    Set<String> names = new HashSet<>();
    String scope = claims.getStringClaim("scope");
    if (scope != null) {
      names.addAll(List.of(scope.trim().split("\\s+")));
    }
    List<String> scp = claims.getStringListClaim("scp");
    if (scp != null) {
      names.addAll(scp);
    }
    Set<Scope> result = EnumSet.noneOf(Scope.class);
    names.forEach(n -> Scope.fromWire(n).ifPresent(result::add));
    return result;
  }

  private static Optional<String> device(JWTClaimsSet claims) throws ParseException {
    return Optional.ofNullable(claims.getStringClaim(DEVICE_CLAIM));
  }
}
