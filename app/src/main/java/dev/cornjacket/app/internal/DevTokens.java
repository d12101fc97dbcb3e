package dev.cornjacket.app.internal;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cornjacket.config.AuthSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** The token in {@code cornjacket dev}'s example request when authentication is on. */
final class DevTokens {

  private static final Duration VALID_FOR = Duration.ofHours(1);

  private DevTokens() {}

  /**
   * A curl header line with a one-hour token for {@code sensor-1}, or nothing when authentication
   * is off or tokens come from a JWKS file only.
   */
  static String curlHeader(AuthSettings auth) {
    if (auth.mode() != AuthSettings.Mode.JWT || auth.jwtSecret().isEmpty()) {
      return "";
    }
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject("sensor-1")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(VALID_FOR)))
            .claim("scope", "ingest")
            .claim("device", "sensor-1");
    auth.issuer().ifPresent(claims::issuer);
    auth.audience().ifPresent(claims::audience);
    return "    -H 'Authorization: Bearer "
        + TokenCommand.sign(claims.build(), auth.jwtSecret().get())
        + "' \\\n";
  }
}
