package dev.cornjacket.http.internal;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent a request: the token's subject (the events' {@code principal}), its scopes, and the one
 * device it may write for when the token is device-scoped.
 */
public record Caller(String subject, Set<Scope> scopes, Optional<String> device) {

  static final String ATTRIBUTE = "cornjacket.caller";

  /** The caller when authentication is off. */
  public static final Caller ANONYMOUS =
      new Caller(
          dev.cornjacket.topology.RawEnvelope.ANONYMOUS, Set.of(Scope.values()), Optional.empty());

  /** The caller of this request, as the auth filter found it ({@link #ANONYMOUS} when off). */
  public static Caller of(Context ctx) {
    Caller caller = ctx.attribute(ATTRIBUTE);
    return caller == null ? ANONYMOUS : caller;
  }
}
