package dev.cornjacket.mqtt.internal;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import dev.cornjacket.config.MqttSettings;
import dev.cornjacket.config.Secret;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;

/** The TLS settings of {@code ssl://} brokers: the configured trust store, or the JVM's. */
public final class TlsSettings {

  private TlsSettings() {}

  /**
   * Empty for {@code tcp://}.
   *
   * @throws IllegalArgumentException naming the trust store when it cannot be read
   */
  public static Optional<MqttClientSslConfig> of(MqttSettings mqtt) {
    boolean ssl = mqtt.url().map(url -> "ssl".equals(url.getScheme())).orElse(false);
    if (!ssl) {
      return Optional.empty();
    }
    if (mqtt.trustStore().isEmpty()) {
      return Optional.of(MqttClientSslConfig.builder().build());
    }
    char[] password = mqtt.trustStorePassword().map(Secret::value).orElse("").toCharArray();
    try {
      // KeyStore.getInstance(File, ...) recognizes PKCS12 and JKS by their content
      KeyStore trustStore = KeyStore.getInstance(mqtt.trustStore().get().toFile(), password);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      return Optional.of(MqttClientSslConfig.builder().trustManagerFactory(trust).build());
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      // KeyStore.getInstance reports a missing file as an IllegalArgumentException
      throw new IllegalArgumentException(
          MqttSettings.TRUST_STORE.env()
              + ": cannot read the trust store "
              + mqtt.trustStore().get()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
