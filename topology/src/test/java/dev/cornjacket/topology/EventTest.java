package dev.cornjacket.topology;

import static dev.cornjacket.topology.TestEvents.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {

  @Test
  void shouldKeepInsertionOrderOfMaps() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("z", 1.0);
    metrics.put("a", 2.0);
    metrics.put("m", 3.0);

    Event event = new Event(null, "d", EventType.SENSOR, NOW, metrics, Map.of());

    assertThat(event.metrics().keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void shouldCopyMapsSoLaterChangesDoNotLeakIn() {
    Map<String, String> attrs = new LinkedHashMap<>(Map.of("a", "1"));
    Event event = new Event("e", "d", EventType.SYSTEM, NOW, Map.of(), attrs);

    attrs.put("b", "2");

    assertThat(event.attrs()).containsOnlyKeys("a");
  }

  @Test
  void shouldExposeUnmodifiableMaps() {
    Event event = new Event("e", "d", EventType.SYSTEM, NOW, Map.of("m", 1.0), Map.of("a", "1"));

    assertThatThrownBy(() -> event.metrics().put("x", 2.0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> event.attrs().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldAllowMissingEventIdOnly() {
    assertThat(new Event(null, "d", EventType.SYSTEM, NOW, Map.of(), Map.of()).eventId()).isNull();
    assertThatNullPointerException()
        .isThrownBy(() -> new Event("e", null, EventType.SYSTEM, NOW, Map.of(), Map.of()))
        .withMessage("deviceId");
    assertThatNullPointerException()
        .isThrownBy(() -> new Event("e", "d", null, NOW, Map.of(), Map.of()))
        .withMessage("type");
    assertThatNullPointerException()
        .isThrownBy(() -> new Event("e", "d", EventType.SYSTEM, null, Map.of(), Map.of()))
        .withMessage("ts");
    assertThatNullPointerException()
        .isThrownBy(() -> new Event("e", "d", EventType.SYSTEM, NOW, null, Map.of()))
        .withMessage("metrics");
    assertThatNullPointerException()
        .isThrownBy(() -> new Event("e", "d", EventType.SYSTEM, NOW, Map.of(), null))
        .withMessage("attrs");
  }

  @Test
  void shouldRejectNullEntriesNamingThem() {
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("t", null);
    Map<String, String> attrs = new HashMap<>();
    attrs.put(null, "v");

    assertThatNullPointerException()
        .isThrownBy(() -> new Event("e", "d", EventType.SENSOR, NOW, metrics, Map.of()))
        .withMessage("metrics.t must not be null");
    assertThatNullPointerException()
        .isThrownBy(() -> new Event("e", "d", EventType.SENSOR, NOW, Map.of(), attrs))
        .withMessage("attrs must not contain a null name");
  }
}
