package dev.cornjacket.app.internal;

import dev.cornjacket.http.Health;
import dev.cornjacket.http.HealthCheck;
import dev.cornjacket.mqtt.BridgeStats;
import dev.cornjacket.mqtt.MqttBridge;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code mqtt} in {@code /health/ready}: the bridge is connected to its broker and subscribed. */
public final class MqttBridgeHealth implements HealthCheck {

  private final MqttBridge bridge;

  public MqttBridgeHealth(MqttBridge bridge) {
    this.bridge = Objects.requireNonNull(bridge, "bridge");
  }

  @Override
  public String name() {
    return "mqtt";
  }

  @Override
  public Health check() {
    BridgeStats stats = bridge.stats();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("clientId", bridge.clientId());
    details.put("acknowledged", stats.acknowledged());
    details.put("inFlight", stats.inFlight());
    if (!bridge.connected()) {
      details.put("error", "not connected to the MQTT broker (reconnecting)");
      return new Health(false, details);
    }
    return Health.up(details);
  }
}
