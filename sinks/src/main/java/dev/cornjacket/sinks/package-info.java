/**
 * Postgres sink (rows and consumed offsets in one transaction) and the webhook action sink. Built
 * in their own issues.
 */
package dev.cornjacket.sinks;
