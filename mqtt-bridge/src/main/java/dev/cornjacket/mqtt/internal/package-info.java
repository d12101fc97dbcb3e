/** Internals of the MQTT bridge. Not for use by other modules. */
package dev.cornjacket.mqtt.internal;
