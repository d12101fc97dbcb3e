package dev.cornjacket.app.internal;

import dev.cornjacket.config.NodeSettings;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The meters and the tracer of one instance. Meters: a Prometheus registry with the JVM and process
 * binders (the roles add theirs). Traces: W3C trace context is always read and passed on (HTTP
 * headers, Kafka record headers, peer calls), so a caller's trace continues through Cornjacket;
 * spans are recorded and exported only with {@code CORNJACKET_OTEL_EXPORTER=otlp}.
 */
public final class Observability implements AutoCloseable {

  private static final String SERVICE_NAME = "cornjacket";

  private final PrometheusMeterRegistry meters;
  private final OpenTelemetrySdk openTelemetry;
  private final JvmGcMetrics gcMetrics;

  private Observability(
      PrometheusMeterRegistry meters, OpenTelemetrySdk openTelemetry, JvmGcMetrics gcMetrics) {
    this.meters = meters;
    this.openTelemetry = openTelemetry;
    this.gcMetrics = gcMetrics;
  }

  public static Observability start(NodeSettings node) {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    meters.config().meterFilter(StreamsRole.ROCKSDB_PROPERTY_METERS);
    new JvmMemoryMetrics().bindTo(meters);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
    return new Observability(meters, tracing(node), gc);
  }

  private static OpenTelemetrySdk tracing(NodeSettings node) {
    SdkTracerProviderBuilder tracers =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                io.opentelemetry.api.common.AttributeKey.stringKey("service.name"),
                                SERVICE_NAME))));
    if (node.traceExporter() == NodeSettings.TraceExporter.OTLP) {
      tracers
          .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
          .addSpanProcessor(
              BatchSpanProcessor.builder(
                      OtlpHttpSpanExporter.builder()
                          .setEndpoint(node.otlpEndpoint().resolve("/v1/traces").toString())
                          .build())
                  .build());
    } else {
      // spans keep their ids (so the context is passed on) but are not recorded
      tracers.setSampler(Sampler.alwaysOff());
    }
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracers.build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** Flushes the spans still buffered, then stops the meters. */
  @Override
  public void close() {
    try {
      openTelemetry.close();
    } finally {
      gcMetrics.close();
      meters.close();
    }
  }
}
