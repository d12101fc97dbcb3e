package dev.cornjacket.topology;

/** {@link TopologyMetrics#noop()}: a singleton, so that default configurations are equal. */
enum NoopTopologyMetrics implements TopologyMetrics {
  INSTANCE;

  @Override
  public void validated(EventType type) {}

  @Override
  public void duplicate() {}

  @Override
  public void deadLettered(String stage, String reason) {}

  @Override
  public void lateReadingDropped(int readings) {}

  @Override
  public void anomalyNotKept() {}

  @Override
  public String toString() {
    return "TopologyMetrics.noop()";
  }
}
