package dev.cornjacket.http.query;

import java.util.List;

/**
 * The merged answer of a query sent to every instance.
 *
 * @param items what the instances returned, merged, ordered and cut to the limit
 * @param answered host:port of every instance that answered
 * @param missing host:port of every instance that did not answer in time (the result is partial)
 * @param partitions the partitions the answers cover
 * @param missingPartitions partitions no answer covers (owner unknown during a rebalance, or its
 *     instance missing): the result is partial
 * @param <T> the item type
 */
public record FanOutResult<T>(
    List<T> items,
    List<String> answered,
    List<String> missing,
    List<Integer> partitions,
    List<Integer> missingPartitions) {

  public FanOutResult {
    items = List.copyOf(items);
    answered = List.copyOf(answered);
    missing = List.copyOf(missing);
    partitions = List.copyOf(partitions);
    missingPartitions = List.copyOf(missingPartitions);
  }

  public boolean partial() {
    return !missing.isEmpty() || !missingPartitions.isEmpty();
  }
}
