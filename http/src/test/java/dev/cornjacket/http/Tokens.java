package dev.cornjacket.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Signs test tokens the way an identity provider would. */
public final class Tokens {

  public static final String SECRET = "test-secret-of-at-least-32-bytes-long!";
  public static final String ISSUER = "https://id.cornjacket.test";
  public static final String AUDIENCE = "cornjacket-api";

  private Tokens() {}

  /** Valid claims for one hour: subject, scopes, our issuer and audience. */
  public static JWTClaimsSet.Builder claims(String subject, String scope) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .claim("scope", scope);
  }

  public static String hs256(JWTClaimsSet.Builder claims) {
    return sign(claims, JWSAlgorithm.HS256, hmac(SECRET));
  }

  public static MACSigner hmac(String secret) {
    try {
      return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
    } catch (JOSEException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static String sign(JWTClaimsSet.Builder claims, JWSAlgorithm algorithm, JWSSigner signer) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims.build());
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
