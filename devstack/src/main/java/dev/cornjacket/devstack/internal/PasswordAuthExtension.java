package dev.cornjacket.devstack.internal;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * An extension of the embedded HiveMQ that admits exactly one user name and password. HiveMQ
 * Community Edition has no authentication of its own: without an extension it admits everyone.
 */
public final class PasswordAuthExtension implements ExtensionMain {

  private final byte[] username;
  private final byte[] password;

  public PasswordAuthExtension(String username, String password) {
    this.username = Objects.requireNonNull(username, "username").getBytes(StandardCharsets.UTF_8);
    this.password = Objects.requireNonNull(password, "password").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    SimpleAuthenticator authenticator = this::authenticate;
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    // nothing to release: HiveMQ drops the authenticator with the extension
  }

  private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
    Optional<String> user = input.getConnectPacket().getUserName();
    Optional<ByteBuffer> secret = input.getConnectPacket().getPassword();
    boolean userMatches =
        user.isPresent()
            && MessageDigest.isEqual(user.get().getBytes(StandardCharsets.UTF_8), username);
    boolean passwordMatches =
        secret.isPresent() && MessageDigest.isEqual(bytes(secret.get()), password);
    if (userMatches && passwordMatches) {
      output.authenticateSuccessfully();
    } else {
      output.failAuthentication(
          ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.asReadOnlyBuffer();
    byte[] result = new byte[copy.remaining()];
    copy.get(result);
    return result;
  }
}
