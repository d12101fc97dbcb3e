package dev.cornjacket.mqtt.internal;

/**
 * The MQTT topics devices publish to (DESIGN.md "MQTT (contract)"): {@code
 * cj/devices/{device_id}/events}.
 */
public final class DeviceTopics {

  /** What the bridge subscribes to, inside its shared subscription. */
  public static final String FILTER = "cj/devices/+/events";

  private static final String PREFIX = "cj/devices/";
  private static final String SUFFIX = "/events";

  private DeviceTopics() {}

  /** The topic a device publishes its events to. */
  public static String of(String deviceId) {
    return PREFIX + deviceId + SUFFIX;
  }

  /** The shared subscription of a group: {@code $share/{group}/cj/devices/+/events}. */
  public static String sharedFilter(String group) {
    return "$share/" + group + "/" + FILTER;
  }

  /**
   * The device of a topic, or {@code null} when the topic is not a device topic (the subscription
   * only delivers device topics, so this does not happen with a conforming broker).
   */
  public static String deviceId(String topic) {
    if (topic.length() < PREFIX.length() + SUFFIX.length()
        || !topic.startsWith(PREFIX)
        || !topic.endsWith(SUFFIX)) {
      return null;
    }
    String deviceId = topic.substring(PREFIX.length(), topic.length() - SUFFIX.length());
    return deviceId.indexOf('/') >= 0 ? null : deviceId;
  }
}
