package dev.cornjacket.http.internal;

import dev.cornjacket.config.AuthSettings;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every request in {@code jwt} mode: finds the scope the route needs ({@link
 * AccessPolicy}), checks the bearer token and leaves the {@link Caller} on the request. A missing
 * or refused token is a 401, a token without the scope a 403, both with {@code WWW-Authenticate}
 * (RFC 6750) and never with data. A query proxied by another instance may carry the shared internal
 * secret instead of a token.
 */
public final class AuthFilter implements Handler {

  /** Header with the shared secret on instance-to-instance query calls. */
  public static final String INTERNAL_HEADER = "X-Cornjacket-Internal";

  static final String REALM = "Bearer realm=\"cornjacket\"";
  private static final String BEARER = "bearer ";

  private final AccessPolicy policy;
  private final JwtVerifier verifier;
  private final Optional<byte[]> internalSecret;

  public AuthFilter(AuthSettings auth) {
    this.policy = new AccessPolicy(auth.metrics() == AuthSettings.MetricsAccess.PROTECTED);
    this.verifier = new JwtVerifier(auth);
    this.internalSecret =
        auth.internalSecret().map(s -> s.value().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void handle(Context ctx) {
    PeerCredentials.forget();
    Optional<Scope> required = policy.required(ctx.method().name(), ctx.path());
    if (required.isEmpty()) {
      return;
    }
    Scope scope = required.get();
    if (scope == Scope.QUERY && carriesInternalSecret(ctx)) {
      ctx.attribute(
          Caller.ATTRIBUTE, new Caller("internal", Set.of(Scope.QUERY), Optional.empty()));
      return;
    }
    String authorization = ctx.header("Authorization");
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new ApiException(
          401,
          "unauthorized",
          "a bearer token is required (Authorization: Bearer <token>)",
          List.of(),
          Map.of("WWW-Authenticate", REALM));
    }
    Caller caller;
    try {
      caller = verifier.verify(authorization.substring(BEARER.length()).strip());
    } catch (JwtVerifier.InvalidTokenException e) {
      throw new ApiException(
          401,
          "invalid_token",
          e.getMessage(),
          List.of(),
          Map.of(
              "WWW-Authenticate",
              REALM + ", error=\"invalid_token\", error_description=\"" + e.getMessage() + "\""));
    }
    if (!caller.scopes().contains(scope)) {
      throw insufficientScope(scope, "the token lacks the " + scope.wireName() + " scope");
    }
    ctx.attribute(Caller.ATTRIBUTE, caller);
    PeerCredentials.remember(authorization);
  }

  /** 403 for a caller who is known but may not do this. */
  static ApiException insufficientScope(Scope scope, String message) {
    return new ApiException(
        403,
        "forbidden",
        message,
        List.of(),
        Map.of(
            "WWW-Authenticate",
            REALM + ", error=\"insufficient_scope\", scope=\"" + scope.wireName() + "\""));
  }

  private boolean carriesInternalSecret(Context ctx) {
    String presented = ctx.header(INTERNAL_HEADER);
    return presented != null
        && internalSecret.isPresent()
        && MessageDigest.isEqual(internalSecret.get(), presented.getBytes(StandardCharsets.UTF_8));
  }
}
