package dev.cornjacket.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.topology.EventValidator;
import dev.cornjacket.topology.ValidationLimits;
import dev.cornjacket.topology.ValidationResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedDevicesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NOW = System.currentTimeMillis();
  private final EventValidator validator =
      new EventValidator(ValidationLimits.DEFAULTS, Clock.systemUTC());

  @Test
  void shouldGenerateValidEventsOfEveryDeviceWithFourMetrics() throws Exception {
    SimulatedDevices devices = new SimulatedDevices(10, SimulatedDevices.Rates.NONE, 1);
    Set<String> deviceIds = new HashSet<>();
    Set<String> eventIds = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      SimulatedDevices.Generated event = devices.next(NOW);
      assertThat(event.kind()).isEqualTo(SimulatedDevices.Kind.NORMAL);
      assertThat(validator.validate(event.json()))
          .as(new String(event.json()))
          .isInstanceOf(ValidationResult.Valid.class);
      JsonNode json = JSON.readTree(event.json());
      assertThat(json.get("metrics").properties())
          .extracting(Map.Entry::getKey)
          .containsExactly("temperature", "humidity", "pressure", "battery");
      assertThat(json.get("device_id").asText()).isEqualTo(event.deviceId());
      assertThat(json.get("event_id").asText()).isEqualTo(event.eventId());
      deviceIds.add(event.deviceId());
      eventIds.add(event.eventId());
    }
    assertThat(deviceIds).hasSize(10).contains("sim-00000", "sim-00009");
    assertThat(eventIds).hasSize(1_000);
  }

  @Test
  void shouldFollowADailyCycle() throws Exception {
    SimulatedDevices devices = new SimulatedDevices(1, SimulatedDevices.Rates.NONE, 3);
    List<Double> temperatures = new ArrayList<>();
    for (int hour = 0; hour < 24; hour++) {
      long ts = NOW - NOW % 86_400_000L + hour * 3_600_000L;
      temperatures.add(
          JSON.readTree(devices.next(ts).json()).at("/metrics/temperature").asDouble());
    }
    double max = temperatures.stream().mapToDouble(d -> d).max().orElseThrow();
    double min = temperatures.stream().mapToDouble(d -> d).min().orElseThrow();
    assertThat(max - min).as("daily swing of %s", temperatures).isBetween(4.0, 8.0);
  }

  @Test
  void shouldInjectAnomaliesDuplicatesAndInvalidEventsAtTheirRates() {
    SimulatedDevices devices =
        new SimulatedDevices(50, new SimulatedDevices.Rates(0.05, 0.1, 0.1), 5);
    Map<SimulatedDevices.Kind, Integer> counts = new EnumMap<>(SimulatedDevices.Kind.class);
    Set<String> seenIds = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      SimulatedDevices.Generated event = devices.next(NOW);
      counts.merge(event.kind(), 1, Integer::sum);
      ValidationResult result = validator.validate(event.json());
      switch (event.kind()) {
        case INVALID -> assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
        case DUPLICATE -> {
          assertThat(result).isInstanceOf(ValidationResult.Valid.class);
          assertThat(seenIds).contains(event.eventId());
        }
        default -> {
          assertThat(result).isInstanceOf(ValidationResult.Valid.class);
          assertThat(seenIds.add(event.eventId())).isTrue();
        }
      }
    }
    assertThat(counts.get(SimulatedDevices.Kind.ANOMALY)).isBetween(800, 1_200);
    assertThat(counts.get(SimulatedDevices.Kind.DUPLICATE)).isBetween(1_700, 2_300);
    assertThat(counts.get(SimulatedDevices.Kind.INVALID)).isBetween(1_700, 2_300);
  }

  @Test
  void shouldMakeAnInjectedSpikeStandOutFromTheNoise() throws Exception {
    SimulatedDevices devices = new SimulatedDevices(1, new SimulatedDevices.Rates(0.02, 0, 0), 11);
    double normalMax = 0;
    double anomalyMax = 0;
    for (int i = 0; i < 5_000; i++) {
      SimulatedDevices.Generated event = devices.next(NOW);
      double temperature = JSON.readTree(event.json()).at("/metrics/temperature").asDouble();
      if (event.kind() == SimulatedDevices.Kind.NORMAL) {
        normalMax = Math.max(normalMax, temperature);
      } else {
        anomalyMax = Math.max(anomalyMax, temperature);
      }
    }
    assertThat(anomalyMax).isGreaterThan(normalMax + 3);
  }

  @Test
  void shouldRefuseRatesOutOfRangeNamingThem() {
    assertThatThrownBy(() -> new SimulatedDevices.Rates(1.5, 0, 0))
        .hasMessage("anomalies must be between 0 and 1, got 1.5");
    assertThatThrownBy(() -> new SimulatedDevices.Rates(0.5, 0.4, 0.2))
        .hasMessageStartingWith("anomalies + duplicates + invalid must be at most 1");
    assertThatThrownBy(() -> new SimulatedDevices(0, SimulatedDevices.Rates.NONE, 1))
        .hasMessage("devices must be at least 1, got 0");
  }
}
