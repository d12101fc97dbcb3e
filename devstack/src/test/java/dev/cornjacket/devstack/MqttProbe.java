package dev.cornjacket.devstack;

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
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(connectPacket(clientId));
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

  private static byte[] connectPacket(String clientId) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    byte[] variableHeader = {
      0,
      4,
      'M',
      'Q',
      'T',
      'T', // protocol name
      4, // protocol level 3.1.1
      0x02, // clean session
      0,
      30 // keep alive, seconds
    };
    int remainingLength = variableHeader.length + 2 + id.length;
    if (remainingLength > 127) {
      throw new IllegalArgumentException("clientId too long for this probe: " + clientId);
    }
    byte[] packet = new byte[2 + remainingLength];
    packet[0] = 0x10; // CONNECT
    packet[1] = (byte) remainingLength;
    System.arraycopy(variableHeader, 0, packet, 2, variableHeader.length);
    int offset = 2 + variableHeader.length;
    packet[offset] = (byte) (id.length >> 8);
    packet[offset + 1] = (byte) id.length;
    System.arraycopy(id, 0, packet, offset + 2, id.length);
    return packet;
  }
}
