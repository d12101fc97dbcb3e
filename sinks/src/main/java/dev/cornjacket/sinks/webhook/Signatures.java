package dev.cornjacket.sinks.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Cornjacket-Signature} header: {@code sha256=<hex HMAC-SHA256(body, secret)>}, lower
 * case hex. A receiver verifies it by computing the same over the raw body it received.
 */
public final class Signatures {

  /** The header that carries the signature. */
  public static final String HEADER = "X-Cornjacket-Signature";

  private static final String PREFIX = "sha256=";

  private Signatures() {}

  /** The header value of {@code body} signed with {@code secret}. */
  public static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Whether {@code header} is the signature of {@code body} with {@code secret}. */
  public static boolean verify(byte[] body, String secret, String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(sign(body, secret).getBytes(UTF_8), header.getBytes(UTF_8));
  }
}
