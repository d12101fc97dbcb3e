package dev.cornjacket.mqtt.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default MQTT client id of a bridge: {@code cornjacket-<host name>}. */
public final class ClientIds {

  private static final Logger log = LoggerFactory.getLogger(ClientIds.class);

  private ClientIds() {}

  public static String defaultClientId() {
    return "cornjacket-" + sanitized(hostName());
  }

  static String sanitized(String hostName) {
    String name = hostName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    return name.isEmpty() ? "bridge" : name;
  }

  private static String hostName() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      // a host without a resolvable name: the id is still stable, just not telling
      log.debug("No host name for the MQTT client id: {}", e.getMessage());
      return "bridge";
    }
  }
}
