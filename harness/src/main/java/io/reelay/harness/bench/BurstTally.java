package io.reelay.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelay.harness.bench.OpenLoopLoad.Answer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * How a burst of creates was answered: in time or not, admitted (201), shed (503 {@code
 * OVERLOADED}, which must carry {@code Retry-After}) or anything else, by status.
 *
 * @param admittedIds   the generations answered 201
 * @param otherByStatus answers neither 201 nor a shed, by status (0 = no answer); an older app
 *                      answers 202 when admission took longer than its wait (the generation runs
 *                      on)
 */
public record BurstTally(
    int requests, int answeredInTime, int admitted, Histogram admittedLatencyMicros, int shed,
    int shedWithoutRetryAfter, Map<Integer, Integer> otherByStatus, List<String> admittedIds) {

  /** The answer the issue asks of every create in a burst: within a second, admitted or shed. */
  static final long IN_TIME_MICROS = 1_000_000;
  static final String OVERLOADED = "OVERLOADED";
  private static final ObjectMapper JSON = new ObjectMapper();

  public static BurstTally of(List<Answer> answers) {
    int inTime = 0;
    int shed = 0;
    int shedWithoutRetryAfter = 0;
    Histogram admittedLatency = new Histogram(3);
    Map<Integer, Integer> other = new TreeMap<>();
    List<String> admittedIds = new ArrayList<>();
    for (Answer answer : answers) {
      if (answer.answered() && answer.latencyMicros() <= IN_TIME_MICROS) {
        inTime++;
      }
      JsonNode body = parse(answer.body());
      if (answer.status() == 201) {
        admittedLatency.recordValue(Math.max(1, answer.latencyMicros()));
        admittedIds.add(body.path("id").asText());
      } else if (answer.status() == 503 && OVERLOADED.equals(body.path("error").path("code").asText())) {
        shed++;
        if (answer.retryAfter() == null) {
          shedWithoutRetryAfter++;
        }
      } else {
        other.merge(answer.status(), 1, Integer::sum);
      }
    }
    return new BurstTally(
        answers.size(), inTime, admittedIds.size(), admittedLatency, shed, shedWithoutRetryAfter,
        Collections.unmodifiableMap(other), List.copyOf(admittedIds));
  }

  public int answeredLateOrNot() {
    return requests - answeredInTime;
  }

  public double admittedMillisAt(double percentile) {
    return LoadResult.millisAt(admittedLatencyMicros, percentile);
  }

  /**
   * The admitted creates' latency percentile per slice of the burst (by due moment: request
   * {@code i} was due at {@code i / rate} s), so a tail made by one stall shows apart from one
   * spread over the whole burst. A slice without an admitted create reads NaN.
   */
  public static List<Double> admittedMillisBySlice(List<Answer> answers, double rate, int sliceSeconds, double percentile) {
    List<Histogram> slices = new ArrayList<>();
    for (Answer answer : answers) {
      int slice = (int) (answer.index() / rate / sliceSeconds);
      while (slices.size() <= slice) {
        slices.add(new Histogram(3));
      }
      if (answer.status() == 201) {
        slices.get(slice).recordValue(Math.max(1, answer.latencyMicros()));
      }
    }
    return slices.stream()
        .map(h -> h.getTotalCount() == 0 ? Double.NaN : LoadResult.millisAt(h, percentile))
        .toList();
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.missingNode(); // a proxy's HTML error page, say: counted by its status alone
    }
  }
}
