package dev.cornjacket.app.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cornjacket.config.AuthSettings;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.LoadedConfig;
import dev.cornjacket.config.Secret;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cornjacket token}: mints an HS256 token with the configured secret, issuer and audience,
 * for development and for scripts. Production tokens come from the identity provider.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Mint an HS256 token signed with CORNJACKET_AUTH_JWT_SECRET (for dev and scripts).",
      "Example: cornjacket token --scope ingest --device sensor-1 --ttl 1h"
    })
final class TokenCommand implements Callable<Integer> {

  private static final Set<String> SCOPES = Set.of("ingest", "query", "ops");

  @Mixin CornjacketCommand.ConfigOption configOption = new CornjacketCommand.ConfigOption();

  @Option(
      names = "--scope",
      required = true,
      split = ",",
      paramLabel = "SCOPE",
      description = "ingest, query and/or ops (repeat or separate with commas).")
  List<String> scopes;

  @Option(
      names = "--device",
      paramLabel = "ID",
      description = "Limit ingest to this device_id (a device-scoped token).")
  String device;

  @Option(
      names = "--subject",
      paramLabel = "S",
      description =
          "The token's subject, recorded as the events' principal (default: the device,"
              + " else cornjacket-cli).")
  String subject;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      defaultValue = "1h",
      description =
          "How long the token is valid (ISO-8601 or 30m, 1h, 7d; default ${DEFAULT-VALUE}).")
  String ttl;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LoadedConfig loaded = ConfigLoader.load(configOption.file());
    AuthSettings auth = loaded.config().auth();
    Secret secret =
        auth.jwtSecret()
            .orElseThrow(
                () ->
                    new StartupException(
                        AuthSettings.JWT_SECRET.env()
                            + " is not set: `cornjacket token` signs with it (at least "
                            + AuthSettings.MIN_SECRET_BYTES
                            + " bytes)"));
    for (String scope : scopes) {
      if (!SCOPES.contains(scope.toLowerCase(Locale.ROOT))) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--scope: '" + scope + "' is not one of ingest, query, ops");
      }
    }
    Duration validFor = parseTtl();
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(subject != null ? subject : device != null ? device : "cornjacket-cli")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(validFor)))
            .jwtID(UUID.randomUUID().toString())
            .claim("scope", String.join(" ", scopes).toLowerCase(Locale.ROOT));
    auth.issuer().ifPresent(claims::issuer);
    auth.audience().ifPresent(claims::audience);
    if (device != null) {
      claims.claim("device", device);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(sign(claims.build(), secret));
    out.flush();
    return 0;
  }

  /** A signed HS256 token; also used by {@code cornjacket dev} for its example. */
  static String sign(JWTClaimsSet claims, Secret secret) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(secret.value().getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("Signing the token failed: " + e.getMessage(), e);
    }
  }

  private Duration parseTtl() {
    try {
      Duration value = dev.cornjacket.config.ValueType.duration().parse(ttl);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--ttl: '" + ttl + "' " + e.getMessage());
    }
  }
}
