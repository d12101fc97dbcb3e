package dev.cornjacket.devstack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Choosing and checking TCP ports on the loopback interface, where the embedded servers listen. */
public final class Ports {

  private static final int MAX_PORT = 65_535;

  private Ports() {}

  /**
   * Checks a port argument: 0 (meaning "pick a free one") or a valid TCP port.
   *
   * @throws IllegalArgumentException naming the argument when the port is out of range
   */
  public static int requireValid(int port, String argumentName) {
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException(
          argumentName + " must be between 0 and " + MAX_PORT + ", was: " + port);
    }
    return port;
  }

  /** Returns {@code port} itself, or a free port when it is 0. */
  public static int orFree(int port) {
    return port == 0 ? pickFree(1)[0] : port;
  }

  /**
   * Asks the operating system for {@code count} distinct free ports. The sockets are held open
   * together so the same port cannot be handed out twice; another process may still take a port
   * before our server binds it, which is the accepted price of knowing ports before starting.
   */
  public static int[] pickFree(int count) {
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find " + count + " free port(s)", e);
    } finally {
      closeAll(sockets);
    }
  }

  /**
   * Fails when something already listens on the port. Checking before starting turns a port
   * conflict into an immediate, clear error: some servers would otherwise wait for a readiness
   * timeout, and PostgreSQL's readiness check would even succeed against another PostgreSQL
   * listening there.
   *
   * @throws IllegalStateException saying the port is in use
   */
  public static void requireFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // the servers themselves bind with SO_REUSEADDR, so a port in TIME_WAIT counts as free
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " is already in use", e);
    }
  }

  private static void closeAll(List<ServerSocket> sockets) {
    UncheckedIOException failure = null;
    for (ServerSocket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = new UncheckedIOException("could not release a probe socket", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
