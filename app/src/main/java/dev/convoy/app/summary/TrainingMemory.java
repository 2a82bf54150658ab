package dev.convoy.app.summary;

/**
 * The notes' memory estimate for training in float32: parameters, their gradients and the
 * optimizer's state per parameter, statistics that are kept but not trained, and the activations
 * of a batch twice over (forward values and their gradients).
 *
 * @param parameters trained values (weights and biases)
 * @param statistics kept values with no gradient (BatchNorm running mean and variance)
 * @param activationsPerImage forward activation values of one image
 */
public record TrainingMemory(int batch, String optimizer, int stateSlots, long parameters, long statistics,
    long activationsPerImage) {
  /** Bytes per value: float32. */
  public static final int BYTES = 4;

  public static TrainingMemory of(NetworkSummary summary, int batch, String optimizer, int stateSlots) {
    return new TrainingMemory(batch, optimizer, stateSlots, summary.parameters(), summary.statistics(),
        summary.activations());
  }

  public long gradients() {
    return parameters;
  }

  public long optimizerState() {
    return parameters * stateSlots;
  }

  /** Forward values and their gradients for the whole batch. */
  public long activations() {
    return activationsPerImage * 2 * batch;
  }

  public long totalValues() {
    return parameters + statistics + gradients() + optimizerState() + activations();
  }

  public long totalBytes() {
    return totalValues() * BYTES;
  }
}
