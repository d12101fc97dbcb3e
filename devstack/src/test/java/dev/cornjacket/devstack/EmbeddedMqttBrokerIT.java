package dev.cornjacket.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.config.Secret;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMqttBrokerIT {

  private static final int ACCEPTED = 0;
  private static final int BAD_USER_NAME_OR_PASSWORD = 4;
  private static final int NOT_AUTHORIZED = 5;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldAdmitOnlyTheConfiguredUserWhenGivenCredentials(@TempDir Path dataDir)
      throws Exception {
    MqttCredentials credentials = new MqttCredentials("gateway", new Secret("s3cret"));
    try (EmbeddedMqttBroker broker = new EmbeddedMqttBroker(dataDir, 0, credentials).start()) {
      assertThat(broker.credentials()).contains(credentials);

      assertThat(MqttProbe.connect(broker.port(), "anonymous"))
          .isIn(BAD_USER_NAME_OR_PASSWORD, NOT_AUTHORIZED);
      assertThat(MqttProbe.connect(broker.port(), "wrong", "gateway", "guess"))
          .isEqualTo(BAD_USER_NAME_OR_PASSWORD);
      assertThat(MqttProbe.connect(broker.port(), "other-user", "admin", "s3cret"))
          .isEqualTo(BAD_USER_NAME_OR_PASSWORD);
      assertThat(MqttProbe.connect(broker.port(), "right", "gateway", "s3cret"))
          .isEqualTo(ACCEPTED);
    }
  }
}
