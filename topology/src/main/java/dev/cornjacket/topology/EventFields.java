package dev.cornjacket.topology;

/** The JSON names of an event's fields (DESIGN.md "Event (contract)"). */
public final class EventFields {

  public static final String EVENT_ID = "event_id";
  public static final String DEVICE_ID = "device_id";
  public static final String TYPE = "type";
  public static final String TS = "ts";
  public static final String METRICS = "metrics";
  public static final String ATTRS = "attrs";
  // Added by the platform, never sent by a device (the validator rejects them as reserved).
  public static final String SCORES = "scores";
  public static final String RECEIVED_AT = "received_at";
  public static final String SOURCE = "source";
  public static final String PRINCIPAL = "principal";

  private EventFields() {}
}
