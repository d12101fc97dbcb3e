package dev.cornjacket.mqtt;

import static org.awaitility.Awaitility.await;

import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.topology.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A bridge in a process of its own, configured from the environment, so that a test can kill it the
 * hard way ({@code kill -9}): no DISCONNECT, no flush, messages in flight. Prints {@value #READY}
 * once connected; the one argument is the shared-subscription group.
 */
final class BridgeProcess {

  static final String READY = "bridge connected";

  private BridgeProcess() {}

  public static void main(String[] args) throws InterruptedException {
    CornjacketConfig config = ConfigLoader.load(System.getenv(), Optional.empty()).config();
    MqttBridge bridge =
        MqttBridge.start(
            config.mqtt(), config.kafka(), new Topics(config.kafka().topicPrefix()), args[0]);
    Runtime.getRuntime().addShutdownHook(new Thread(bridge::close));
    await().atMost(Duration.ofSeconds(60)).until(bridge::connected);
    System.out.println(READY);
    System.out.flush();
    new CountDownLatch(1).await(); // until killed
  }
}
