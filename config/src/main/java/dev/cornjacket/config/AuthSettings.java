package dev.cornjacket.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Authentication of HTTP clients.
 *
 * @param mode {@code none} or {@code jwt}
 * @param jwtSecret HS256 secret for {@code jwt} mode, at least 32 bytes
 */
public record AuthSettings(Mode mode, Optional<Secret> jwtSecret) {

  /** How HTTP clients authenticate. */
  public enum Mode {
    NONE,
    JWT
  }

  public static final Setting<Mode> MODE =
      Setting.of(
          "CORNJACKET_AUTH_MODE",
          ValueType.oneOf(Mode.class),
          "none",
          "HTTP authentication: none or jwt");
  public static final Setting<Secret> JWT_SECRET =
      Setting.secret(
          "CORNJACKET_AUTH_JWT_SECRET", Secret.type(), "HS256 secret for jwt mode (>= 32 bytes)");

  static final List<Setting<?>> SETTINGS = List.of(MODE, JWT_SECRET);

  static AuthSettings read(SettingsReader r) {
    Mode mode = r.get(MODE);
    Optional<Secret> secret = r.optional(JWT_SECRET);
    if (mode == Mode.JWT && secret.isEmpty()) {
      r.problem(JWT_SECRET.env() + ": is required when " + MODE.env() + "=jwt");
    }
    secret
        .filter(s -> s.value().getBytes(StandardCharsets.UTF_8).length < 32)
        .ifPresent(s -> r.problem(JWT_SECRET.env() + ": must be at least 32 bytes"));
    return new AuthSettings(mode, secret);
  }
}
