package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** The builder as a whole: a pure, deterministic function of its configuration. */
class CornjacketTopologyTest {

  @Test
  void shouldBuildEqualTopologiesForEqualConfigs() {
    TopologyDescription first =
        CornjacketTopology.build(TopologyConfig.defaults(new Topics("a."))).describe();
    TopologyDescription second =
        CornjacketTopology.build(TopologyConfig.defaults(new Topics("a."))).describe();

    assertThat(TopologyConfig.defaults(new Topics("a.")))
        .isEqualTo(TopologyConfig.defaults(new Topics("a.")));
    assertThat(first).isEqualTo(second);
    assertThat(first.toString()).isEqualTo(second.toString());
  }

  @Test
  void shouldNameTopicsOfConfiguredPrefix() {
    String description =
        CornjacketTopology.build(TopologyConfig.defaults(new Topics("x."))).describe().toString();

    assertThat(description)
        .contains(
            "topics: [x.events.raw]",
            "topic: x.events.dlq",
            "topic: x.events.sensor",
            "topic: x.events.user_action",
            "topic: x.events.system",
            "stores: [" + CornjacketTopology.DEDUP_STORE + "]");
    // TopologyDescription.equals compares the graph, not topic names: compare the text too.
    assertThat(
            CornjacketTopology.build(TopologyConfig.defaults(new Topics("y.")))
                .describe()
                .toString())
        .isNotEqualTo(description);
  }

  @Test
  void shouldBeOneSubtopologyWithNamedNodes() {
    TopologyDescription description =
        CornjacketTopology.build(TopologyConfig.defaults(new Topics())).describe();

    assertThat(description.subtopologies()).hasSize(1);
    assertThat(description.subtopologies().iterator().next().nodes())
        .extracting(TopologyDescription.Node::name)
        .containsExactlyInAnyOrder(
            "read-raw",
            "validate",
            "dedup",
            "route",
            "write-dead-letters",
            "write-sensor",
            "write-user_action",
            "write-system",
            "project-device-latest",
            "project-rollups",
            "write-device-latest",
            "write-rollups",
            "score",
            "write-anomalies",
            "project-anomalies",
            "dedup-alerts",
            "write-alerts");
    assertThat(description.globalStores())
        .singleElement()
        .satisfies(
            store -> {
              assertThat(store.source().topicSet()).containsExactly("cj.models");
              assertThat(store.processor().stores()).containsExactly("models");
            });
  }

  @Test
  void shouldRouteSensorEventsStraightToTheirSinkWhenScoringIsDisabled() {
    TopologyDescription description =
        CornjacketTopology.build(
                TopologyConfig.defaults(new Topics())
                    .withAnomaly(new dev.cornjacket.config.AnomalySettings(0.5, 10, false)))
            .describe();

    assertThat(description.subtopologies().iterator().next().nodes())
        .extracting(TopologyDescription.Node::name)
        .doesNotContain("score", "write-anomalies", "project-anomalies")
        .contains("write-sensor");
    assertThat(description.globalStores()).isEmpty();
  }

  @Test
  void shouldProvideExceptionHandlersAndDeadLetterTopicAsStreamsProperties() {
    CountingTopologyMetrics metrics = new CountingTopologyMetrics();
    TopologyConfig config = TopologyConfig.defaults(new Topics("p.")).withMetrics(metrics);

    assertThat(CornjacketTopology.streamsProperties(config))
        .containsEntry(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterHandlers.Deserialization.class)
        .containsEntry(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterHandlers.Processing.class)
        .containsEntry(
            StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterHandlers.Production.class)
        .containsEntry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "p.events.dlq")
        .containsEntry(DeadLetterHandlers.METRICS_CONFIG, metrics)
        .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true)
        .hasSize(6);
  }

  @Test
  void shouldRequireConfig() {
    assertThatNullPointerException()
        .isThrownBy(() -> CornjacketTopology.build(null))
        .withMessage("config");
  }

  @Test
  void shouldUseTenMinuteWindowByDefault() {
    TopologyConfig config = TopologyConfig.defaults(new Topics());

    assertThat(config.dedupWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.limits()).isEqualTo(ValidationLimits.DEFAULTS);
    assertThat(config.metrics()).isSameAs(TopologyMetrics.noop());
  }
}
