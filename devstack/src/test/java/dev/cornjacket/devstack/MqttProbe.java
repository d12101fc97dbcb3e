package dev.cornjacket.devstack;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Speaks just enough MQTT 3.1.1 to prove a broker answers: sends CONNECT, reads CONNACK. Keeps the
 * module's tests free of an MQTT client library.
 */
final class MqttProbe {

  private static final int CONNACK = 0x20;
  private static final int TIMEOUT_MILLIS = 10_000;

  private MqttProbe() {}

  /** Connects as {@code clientId} and returns the CONNACK return code (0 means accepted). */
  static int connect(int port, String clientId) throws IOException {
    return connect(port, clientId, null, null);
  }

  /**
   * Connects as {@code clientId} with a user name and password (both {@code null} for none) and
   * returns the CONNACK return code: 0 accepted, 4 bad user name or password, 5 not authorized.
   */
  static int connect(int port, String clientId, String username, String password)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(connectPacket(clientId, username, password));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int packetType = in.readUnsignedByte();
      if (packetType != CONNACK) {
        throw new IOException(
            "expected CONNACK, got packet type 0x" + Integer.toHexString(packetType));
      }
      in.readUnsignedByte(); // remaining length: 2
      in.readUnsignedByte(); // session present flag
      return in.readUnsignedByte();
    }
  }

  private static byte[] connectPacket(String clientId, String username, String password) {
    int flags = 0x02; // clean session
    if (username != null) {
      flags |= 0x80;
    }
    if (password != null) {
      flags |= 0x40;
    }
    byte[] variableHeader = {
      0,
      4,
      'M',
      'Q',
      'T',
      'T', // protocol name
      4, // protocol level 3.1.1
      (byte) flags,
      0,
      30 // keep alive, seconds
    };
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    writeString(payload, clientId);
    if (username != null) {
      writeString(payload, username);
    }
    if (password != null) {
      writeString(payload, password);
    }
    int remainingLength = variableHeader.length + payload.size();
    if (remainingLength > 127) {
      throw new IllegalArgumentException("CONNECT too long for this probe: " + remainingLength);
    }
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0x10); // CONNECT
    packet.write(remainingLength);
    packet.writeBytes(variableHeader);
    packet.writeBytes(payload.toByteArray());
    return packet.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >> 8);
    out.write(bytes.length & 0xFF);
    out.writeBytes(bytes);
  }
}
