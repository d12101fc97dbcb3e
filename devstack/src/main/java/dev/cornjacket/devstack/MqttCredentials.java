package dev.cornjacket.devstack;

import dev.cornjacket.config.Secret;
import java.util.Objects;

/**
 * The one user the embedded MQTT broker accepts when it is given credentials.
 *
 * @param username the MQTT user name, not blank
 * @param password the password, masked when printed
 */
public record MqttCredentials(String username, Secret password) {

  /** Checks the arguments, naming the bad one. */
  public MqttCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isBlank()) {
      throw new IllegalArgumentException("username must not be blank");
    }
  }
}
