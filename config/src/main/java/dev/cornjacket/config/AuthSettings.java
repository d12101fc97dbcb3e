package dev.cornjacket.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Authentication of HTTP clients and of instances calling each other.
 *
 * @param mode {@code none} or {@code jwt}; when unset, {@code cornjacket run} uses {@code jwt} and
 *     {@code cornjacket dev} uses {@code none}
 * @param jwtSecret HS256 secret for {@code jwt} mode, at least 32 bytes
 * @param jwksFile a JWKS file with RS256/ES256 public keys for {@code jwt} mode
 * @param issuer when set, a token's {@code iss} must equal it
 * @param audience when set, a token's {@code aud} must contain it
 * @param clockSkew tolerance for {@code exp} and {@code nbf}
 * @param internalSecret when set, sent by an instance proxying a query to another one, and accepted
 *     in place of the caller's token on such hops
 * @param metrics whether {@code /metrics} is open or needs the {@code ops} scope
 */
public record AuthSettings(
    Mode mode,
    Optional<Secret> jwtSecret,
    Optional<Path> jwksFile,
    Optional<String> issuer,
    Optional<String> audience,
    Duration clockSkew,
    Optional<Secret> internalSecret,
    MetricsAccess metrics) {

  /** How HTTP clients authenticate. */
  public enum Mode {
    NONE,
    JWT
  }

  /** Who may read {@code /metrics}. */
  public enum MetricsAccess {
    OPEN,
    PROTECTED
  }

  /** The smallest HS256 secret and internal secret, in bytes (RFC 7518 3.2: the hash size). */
  public static final int MIN_SECRET_BYTES = 32;

  public static final Setting<Mode> MODE =
      Setting.of(
          "CORNJACKET_AUTH_MODE",
          ValueType.oneOf(Mode.class),
          null,
          "HTTP authentication: none or jwt (unset: jwt for `run`, none for `dev`)");
  public static final Setting<Secret> JWT_SECRET =
      Setting.secret(
          "CORNJACKET_AUTH_JWT_SECRET", Secret.type(), "HS256 secret for jwt mode (>= 32 bytes)");
  public static final Setting<Path> JWKS =
      Setting.of(
          "CORNJACKET_AUTH_JWKS",
          ValueType.path(),
          null,
          "JWKS file with RS256/ES256 public keys for jwt mode (instead of or beside the secret)");
  public static final Setting<String> ISSUER =
      Setting.of(
          "CORNJACKET_AUTH_ISSUER",
          ValueType.string(),
          null,
          "Required `iss` of tokens (unset: not checked); also the issuer of `cornjacket token`");
  public static final Setting<String> AUDIENCE =
      Setting.of(
          "CORNJACKET_AUTH_AUDIENCE",
          ValueType.string(),
          null,
          "Required `aud` of tokens (unset: not checked); also the audience of `cornjacket token`");
  public static final Setting<Duration> CLOCK_SKEW =
      Setting.of(
          "CORNJACKET_AUTH_CLOCK_SKEW",
          ValueType.duration(),
          "30s",
          "Tolerance for a token's expiry and not-before times");
  public static final Setting<Secret> INTERNAL_SECRET =
      Setting.secret(
          "CORNJACKET_AUTH_INTERNAL_SECRET",
          Secret.type(),
          "Shared secret instances send when they proxy a query to each other (>= 32 bytes;"
              + " unset: the caller's token is forwarded)");
  public static final Setting<MetricsAccess> METRICS =
      Setting.of(
          "CORNJACKET_AUTH_METRICS",
          ValueType.oneOf(MetricsAccess.class),
          "open",
          "/metrics: open (for Prometheus) or protected (needs the ops scope in jwt mode)");

  static final List<Setting<?>> SETTINGS =
      List.of(MODE, JWT_SECRET, JWKS, ISSUER, AUDIENCE, CLOCK_SKEW, INTERNAL_SECRET, METRICS);

  /** No authentication: everything open. For tests and embedding. */
  public static AuthSettings none() {
    return new AuthSettings(
        Mode.NONE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(30),
        Optional.empty(),
        MetricsAccess.OPEN);
  }

  /** The same settings in another mode. */
  public AuthSettings withMode(Mode newMode) {
    return new AuthSettings(
        newMode, jwtSecret, jwksFile, issuer, audience, clockSkew, internalSecret, metrics);
  }

  /**
   * What is missing for {@code jwt} mode, or empty when it can verify tokens: the message names the
   * variables to set.
   */
  public Optional<String> jwtProblem() {
    if (jwtSecret.isEmpty() && jwksFile.isEmpty()) {
      return Optional.of(
          JWT_SECRET.env()
              + ": is required when "
              + MODE.env()
              + "=jwt, unless "
              + JWKS.env()
              + " is set");
    }
    return Optional.empty();
  }

  static AuthSettings read(SettingsReader r) {
    Mode mode = r.optional(MODE).orElse(Mode.NONE);
    Optional<Secret> secret = r.optional(JWT_SECRET);
    Optional<Path> jwks = r.optional(JWKS);
    Optional<Secret> internal = r.optional(INTERNAL_SECRET);
    AuthSettings settings =
        new AuthSettings(
            mode,
            secret,
            jwks,
            r.optional(ISSUER),
            r.optional(AUDIENCE),
            r.get(CLOCK_SKEW),
            internal,
            r.get(METRICS));
    if (mode == Mode.JWT) {
      settings.jwtProblem().ifPresent(r::problem);
    }
    secret
        .filter(AuthSettings::tooShort)
        .ifPresent(s -> r.problem(JWT_SECRET.env() + ": must be at least 32 bytes"));
    internal
        .filter(AuthSettings::tooShort)
        .ifPresent(s -> r.problem(INTERNAL_SECRET.env() + ": must be at least 32 bytes"));
    return settings;
  }

  private static boolean tooShort(Secret secret) {
    return secret.value().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES;
  }
}
