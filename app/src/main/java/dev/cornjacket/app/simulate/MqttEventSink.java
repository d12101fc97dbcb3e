package dev.cornjacket.app.simulate;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes each event at QoS 1 to {@code cj/devices/{device_id}/events}, spread over several MQTT
 * 5 clients (gateways); an event counts as accepted once the broker acknowledged it. Invalid events
 * are accepted by the broker and dead-lettered by Cornjacket, so over MQTT "rejected" stays 0.
 */
public final class MqttEventSink implements EventSink {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(MqttEventSink.class);

  private final URI url;
  private final Mqtt5AsyncClient[] clients;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * Connects {@code clients} gateways to the broker.
   *
   * @throws SimulationException naming the broker when it cannot be reached or refuses the login
   */
  public MqttEventSink(URI url, String username, String password, int clients) {
    this.url = url;
    this.clients = new Mqtt5AsyncClient[clients];
    String run = Long.toString(System.nanoTime() & 0xffffffL, 36);
    try {
      for (int c = 0; c < clients; c++) {
        Mqtt5ClientBuilder builder =
            MqttClient.builder()
                .useMqttVersion5()
                .identifier("cornjacket-simulate-" + run + "-" + c)
                .serverHost(url.getHost())
                .serverPort(url.getPort() > 0 ? url.getPort() : 1883);
        if ("ssl".equals(url.getScheme())) {
          builder = builder.sslWithDefaultConfig();
        }
        if (username != null) {
          builder =
              builder
                  .simpleAuth()
                  .username(username)
                  .password(
                      password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8))
                  .applySimpleAuth();
        }
        this.clients[c] = builder.buildAsync();
        this.clients[c].connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new SimulationException(
          "Cannot connect to the MQTT broker at "
              + url
              + " ("
              + HttpEventSink.describe(e)
              + "): is it running, and are CORNJACKET_MQTT_USERNAME/CORNJACKET_MQTT_PASSWORD"
              + " right?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new SimulationException("Interrupted", e);
    }
  }

  @Override
  public void check() {
    // connected in the constructor
  }

  @Override
  public String target() {
    return url.toString();
  }

  @Override
  public CompletableFuture<Outcome> send(List<SimulatedDevices.Generated> batch) {
    Mqtt5AsyncClient client = clients[Math.floorMod(next.getAndIncrement(), clients.length)];
    @SuppressWarnings("unchecked")
    CompletableFuture<Boolean>[] acks = new CompletableFuture[batch.size()];
    String[] errors = new String[1];
    for (int i = 0; i < batch.size(); i++) {
      SimulatedDevices.Generated event = batch.get(i);
      acks[i] =
          client
              .publishWith()
              .topic("cj/devices/" + event.deviceId() + "/events")
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload(event.json())
              .send()
              .handle(
                  (result, error) -> {
                    if (error != null) {
                      errors[0] = HttpEventSink.describe(error);
                      return false;
                    }
                    if (result.getError().isPresent()) {
                      errors[0] = HttpEventSink.describe(result.getError().get());
                      return false;
                    }
                    return true;
                  });
    }
    return CompletableFuture.allOf(acks)
        .thenApply(
            done -> {
              List<String> accepted = new java.util.ArrayList<>(batch.size());
              int failed = 0;
              for (int i = 0; i < acks.length; i++) {
                if (acks[i].join()) {
                  accepted.add(batch.get(i).eventId());
                } else {
                  failed++;
                }
              }
              return new Outcome(accepted, 0, failed, failed == 0 ? null : errors[0]);
            });
  }

  @Override
  public void close() {
    for (Mqtt5AsyncClient client : clients) {
      if (client != null && client.getState().isConnected()) {
        try {
          client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          log.debug("Disconnecting {} failed; the connection goes away anyway", url, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
