package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

  @Test
  void shouldNameTopicsWithDefaultPrefix() {
    Topics topics = new Topics();

    assertThat(topics.prefix()).isEqualTo("cj.");
    assertThat(topics.raw().name()).isEqualTo("cj.events.raw");
    assertThat(topics.deadLetters().name()).isEqualTo("cj.events.dlq");
    assertThat(topics.sensor().name()).isEqualTo("cj.events.sensor");
    assertThat(topics.userAction().name()).isEqualTo("cj.events.user_action");
    assertThat(topics.system().name()).isEqualTo("cj.events.system");
  }

  @Test
  void shouldListEveryTopic() {
    Topics topics = new Topics();

    assertThat(topics.all())
        .extracting(Topic::name)
        .containsExactly(
            "cj.events.raw",
            "cj.events.dlq",
            "cj.events.sensor",
            "cj.events.user_action",
            "cj.events.system",
            "cj.anomalies",
            "cj.alerts",
            "cj.proj.device_latest",
            "cj.proj.rollups_1m",
            "cj.models",
            "cj.dlq.replays");
  }

  @Test
  void shouldPutCustomPrefixBeforeEveryName() {
    assertThat(new Topics("test-42.cj_").all())
        .extracting(Topic::name)
        .allSatisfy(name -> assertThat(name).startsWith("test-42.cj_"));
  }

  @Test
  void shouldAllowEmptyPrefix() {
    assertThat(new Topics("").raw().name()).isEqualTo("events.raw");
  }

  @Test
  void shouldPickOutputTopicByEventType() {
    Topics topics = new Topics();

    assertThat(topics.byType(EventType.SENSOR)).isSameAs(topics.sensor());
    assertThat(topics.byType(EventType.USER_ACTION)).isSameAs(topics.userAction());
    assertThat(topics.byType(EventType.SYSTEM)).isSameAs(topics.system());
  }

  @Test
  void shouldCarrySerdesOfKeysAndValues() {
    Topics topics = new Topics();

    assertThat(topics.raw().keySerde()).isInstanceOf(Serdes.StringSerde.class);
    assertThat(topics.raw().valueSerde()).isInstanceOf(RawEnvelopeSerde.class);
    assertThat(topics.deadLetters().keySerde()).isInstanceOf(Serdes.StringSerde.class);
    assertThat(topics.deadLetters().valueSerde()).isInstanceOf(Serdes.ByteArraySerde.class);
    assertThat(topics.sensor().valueSerde()).isInstanceOf(EventSerde.class);
    assertThat(topics.userAction().valueSerde()).isInstanceOf(EventSerde.class);
    assertThat(topics.system().valueSerde()).isInstanceOf(EventSerde.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cj events.", "cj/", "cj:", "çj."})
  void shouldRejectPrefixWithCharactersKafkaForbids(String prefix) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Topics(prefix))
        .withMessage("prefix must consist of [a-zA-Z0-9._-], got '" + prefix + "'");
  }

  @Test
  void shouldEscapeControlCharactersOfRejectedPrefix() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Topics("cj.\n"))
        .withMessage("prefix must consist of [a-zA-Z0-9._-], got 'cj.\\u000A'");
  }

  @Test
  void shouldAcceptLongestPrefixThatKeepsNamesLegal() {
    Topics topics = new Topics("p".repeat(Topics.MAX_PREFIX_LENGTH));

    assertThat(Topics.MAX_PREFIX_LENGTH).isEqualTo(249 - "events.user_action".length());
    assertThat(topics.userAction().name()).hasSize(249);
  }

  @Test
  void shouldRejectPrefixThatMakesNamesTooLong() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Topics("p".repeat(Topics.MAX_PREFIX_LENGTH + 1)))
        .withMessage(
            "prefix must have at most 231 characters so that topic names stay within 249, got 232");
  }

  @Test
  void shouldRequirePrefix() {
    assertThatNullPointerException().isThrownBy(() -> new Topics(null)).withMessage("prefix");
    assertThatNullPointerException()
        .isThrownBy(() -> new Topics().byType(null))
        .withMessage("type");
  }

  @Test
  void shouldRequireTopicParts() {
    assertThatNullPointerException()
        .isThrownBy(() -> new Topic<>(null, Serdes.String(), Serdes.String()))
        .withMessage("name");
    assertThatNullPointerException()
        .isThrownBy(() -> new Topic<>("t", null, Serdes.String()))
        .withMessage("keySerde");
    assertThatNullPointerException()
        .isThrownBy(() -> new Topic<>("t", Serdes.String(), null))
        .withMessage("valueSerde");
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "..", "a b", "a/b"})
  void shouldRejectIllegalTopicNames(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Topic<>(name, Serdes.String(), Serdes.String()))
        .withMessage(
            "name must consist of [a-zA-Z0-9._-] and not be '.' or '..', got '" + name + "'");
  }

  @Test
  void shouldRejectEmptyAndOverlongTopicNames() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Topic<>("", Serdes.String(), Serdes.String()))
        .withMessage("name must have 1 to 249 characters, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Topic<>("t".repeat(250), Serdes.String(), Serdes.String()))
        .withMessage("name must have 1 to 249 characters, got 250");
  }

  @Test
  void shouldBeEqualWhenPrefixesAreEqual() {
    assertThat(new Topics("a.")).isEqualTo(new Topics("a.")).hasSameHashCodeAs(new Topics("a."));
    assertThat(new Topics("a.")).isNotEqualTo(new Topics("b."));
  }

  @Test
  void shouldShowTopicNameInToString() {
    assertThat(new Topics().raw()).hasToString("Topic[cj.events.raw]");
  }
}
