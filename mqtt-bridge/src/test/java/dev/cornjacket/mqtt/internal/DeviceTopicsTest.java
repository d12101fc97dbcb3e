package dev.cornjacket.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceTopicsTest {

  @Test
  void shouldReadTheDeviceOfADeviceTopic() {
    assertThat(DeviceTopics.deviceId("cj/devices/gw-7.sensor:2/events")).isEqualTo("gw-7.sensor:2");
    assertThat(DeviceTopics.deviceId(DeviceTopics.of("a"))).isEqualTo("a");
    assertThat(DeviceTopics.deviceId("cj/devices//events")).isEmpty();
  }

  @Test
  void shouldFindNoDeviceInOtherTopics() {
    assertThat(DeviceTopics.deviceId("cj/devices/a/b/events")).isNull();
    assertThat(DeviceTopics.deviceId("cj/devices/a/status")).isNull();
    assertThat(DeviceTopics.deviceId("other/devices/a/events")).isNull();
    assertThat(DeviceTopics.deviceId("cj/devices/events")).isNull();
  }

  @Test
  void shouldShareTheSubscriptionWithinAGroup() {
    assertThat(DeviceTopics.sharedFilter("cornjacket"))
        .isEqualTo("$share/cornjacket/cj/devices/+/events");
  }
}
