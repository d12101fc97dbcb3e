package dev.cornjacket.config;

import java.util.List;
import java.util.stream.Stream;

/** The whole, validated configuration of one instance: one immutable record per area. */
public record CornjacketConfig(
    NodeSettings node,
    KafkaSettings kafka,
    StreamsSettings streams,
    HttpSettings http,
    PostgresSettings postgres,
    MqttSettings mqtt,
    AuthSettings auth,
    DevSettings dev,
    AnomalySettings anomaly,
    ActionsSettings actions) {

  /** Every setting, in the order they are documented and printed. */
  public static List<Setting<?>> allSettings() {
    return Stream.of(
            NodeSettings.SETTINGS,
            KafkaSettings.SETTINGS,
            StreamsSettings.SETTINGS,
            HttpSettings.SETTINGS,
            PostgresSettings.SETTINGS,
            MqttSettings.SETTINGS,
            AuthSettings.SETTINGS,
            DevSettings.SETTINGS,
            AnomalySettings.SETTINGS,
            ActionsSettings.SETTINGS)
        .flatMap(List::stream)
        .toList();
  }

  public CornjacketConfig withKafka(KafkaSettings newKafka) {
    return new CornjacketConfig(
        node, newKafka, streams, http, postgres, mqtt, auth, dev, anomaly, actions);
  }

  public CornjacketConfig withStreams(StreamsSettings newStreams) {
    return new CornjacketConfig(
        node, kafka, newStreams, http, postgres, mqtt, auth, dev, anomaly, actions);
  }

  public CornjacketConfig withPostgres(PostgresSettings newPostgres) {
    return new CornjacketConfig(
        node, kafka, streams, http, newPostgres, mqtt, auth, dev, anomaly, actions);
  }

  public CornjacketConfig withMqtt(MqttSettings newMqtt) {
    return new CornjacketConfig(
        node, kafka, streams, http, postgres, newMqtt, auth, dev, anomaly, actions);
  }

  public CornjacketConfig withActions(ActionsSettings newActions) {
    return new CornjacketConfig(
        node, kafka, streams, http, postgres, mqtt, auth, dev, anomaly, newActions);
  }

  public CornjacketConfig withAuth(AuthSettings newAuth) {
    return new CornjacketConfig(
        node, kafka, streams, http, postgres, mqtt, newAuth, dev, anomaly, actions);
  }

  static CornjacketConfig read(SettingsReader r) {
    return new CornjacketConfig(
        NodeSettings.read(r),
        KafkaSettings.read(r),
        StreamsSettings.read(r),
        HttpSettings.read(r),
        PostgresSettings.read(r),
        MqttSettings.read(r),
        AuthSettings.read(r),
        DevSettings.read(r),
        AnomalySettings.read(r),
        ActionsSettings.read(r));
  }
}
