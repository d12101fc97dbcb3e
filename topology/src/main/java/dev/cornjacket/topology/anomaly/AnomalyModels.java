package dev.cornjacket.topology.anomaly;

import java.util.Objects;

/** Makes and reads back the models of one parameter set: what the anomaly scorer uses. */
public final class AnomalyModels {

  private final DetectorParameters parameters;

  public AnomalyModels(DetectorParameters parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
  }

  public DetectorParameters parameters() {
    return parameters;
  }

  /** A fresh model that has seen nothing. */
  public AnomalyModel create() {
    return new ContextNoveltyDetector(parameters);
  }

  /**
   * The model whose {@link AnomalyModel#toBytes()} gave {@code state}; a fresh one when the state
   * was learned with other parameters.
   *
   * @throws IllegalArgumentException when the bytes are not a model state
   */
  public AnomalyModel read(byte[] state) {
    return ContextNoveltyDetector.fromBytes(parameters, state);
  }
}
