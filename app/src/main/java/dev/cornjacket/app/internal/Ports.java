package dev.cornjacket.app.internal;

import dev.cornjacket.config.LoadedConfig;
import dev.cornjacket.config.Setting;
import dev.cornjacket.config.Source;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port choice for the embedded servers: a default port that is busy falls back to a free one. */
final class Ports {

  private Ports() {}

  /**
   * The port to use: an explicitly configured one as is (a clash is then reported by the server), a
   * default one if it is free, otherwise 0 for "any free port".
   */
  static int choose(int port, boolean explicit) {
    if (explicit || port == 0) {
      return port;
    }
    return isFree(port) ? port : 0;
  }

  static boolean isExplicit(LoadedConfig loaded, Setting<?> setting) {
    return loaded.settings().stream()
        .anyMatch(s -> s.setting().equals(setting) && s.source() != Source.DEFAULT);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
