package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypeTest {

  @Test
  void shouldUseLowerSnakeCaseWireNames() {
    assertThat(EventType.values())
        .extracting(EventType::wireName)
        .containsExactly("sensor", "user_action", "system");
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldFindTypeByItsWireName(EventType type) {
    assertThat(EventType.fromWireName(type.wireName())).contains(type);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SENSOR", "Sensor", "user-action", "", " sensor"})
  void shouldNotFindTypeByOtherSpellings(String wireName) {
    assertThat(EventType.fromWireName(wireName)).isEmpty();
  }

  @Test
  void shouldRequireWireName() {
    assertThatNullPointerException()
        .isThrownBy(() -> EventType.fromWireName(null))
        .withMessage("wireName");
  }
}
