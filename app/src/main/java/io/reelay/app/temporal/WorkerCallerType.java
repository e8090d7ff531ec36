package io.reelay.app.temporal;

import io.grpc.Metadata;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The caller type the worker's calls to Temporal carry ({@code reelay.temporal.worker-caller-type}),
 * in the {@code caller-type} header the Temporal server reads on every call. The server gives a
 * {@code preemptable} call the low priority of its shard's write queue (each history shard
 * persists one workflow change at a time), so under load a create's workflow start, which the
 * API sends as an ordinary call, is written before the pipeline's task completions instead of
 * behind them. The pipeline loses no work: the queue still serves it whenever no start waits.
 * {@code api} (the server's default for a call without the header) turns this off. A server
 * that knows no such header treats every call alike.
 */
@Singleton
public class WorkerCallerType {

  static final Metadata.Key<String> HEADER = Metadata.Key.of("caller-type", Metadata.ASCII_STRING_MARSHALLER);
  /** The Temporal server's caller types a client may send (headers.ValidCallerTypes, server 1.32). */
  static final List<String> KNOWN = List.of("api", "background_high", "background_low", "preemptable");

  private final String callerType;

  public WorkerCallerType(@Value("${reelay.temporal.worker-caller-type}") String callerType) {
    if (!KNOWN.contains(callerType)) {
      throw new IllegalArgumentException(
          "reelay.temporal.worker-caller-type must be one of " + KNOWN + ", not '" + callerType + "'");
    }
    this.callerType = callerType;
  }

  /** The header for the worker's connection; none for {@code api}, the server's own default. */
  Metadata headers() {
    Metadata headers = new Metadata();
    if (!"api".equals(callerType)) {
      headers.put(HEADER, callerType);
    }
    return headers;
  }
}
