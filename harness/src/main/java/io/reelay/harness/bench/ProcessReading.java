package io.reelay.harness.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's resident memory and thread count (from /proc) and its Java heap in use, read with
 * the JDK's jcmd after a full GC so the number is the live set, not garbage waiting to be collected.
 */
public record ProcessReading(long rssBytes, int threads, long heapUsedBytes) {

  /** G1's "total 262144K, used 123456K" (JDK 17) and "total reserved …K, committed …K, used 123456K" (JDK 25). */
  private static final Pattern HEAP_USED = Pattern.compile("heap +total [^\\n]*?used (\\d+)K");
  /** ZGC's "ZHeap           used 72M, capacity 378M, max capacity 2048M". */
  private static final Pattern Z_HEAP_USED = Pattern.compile("ZHeap +used (\\d+)([KMG])");

  public static ProcessReading of(long pid, Path jcmd) throws IOException, InterruptedException {
    String status = Files.readString(Path.of("/proc", String.valueOf(pid), "status"));
    long rssKb = Long.parseLong(field(status, "VmRSS").replace("kB", "").trim());
    int threads = Integer.parseInt(field(status, "Threads").trim());
    run(jcmd, pid, "GC.run");
    return new ProcessReading(rssKb * 1024, threads, heapUsedKb(run(jcmd, pid, "GC.heap_info")) * 1024);
  }

  /** The heap in use from jcmd's GC.heap_info output, in KiB. */
  static long heapUsedKb(String heapInfo) {
    Matcher heap = HEAP_USED.matcher(heapInfo);
    if (heap.find()) {
      return Long.parseLong(heap.group(1));
    }
    Matcher zHeap = Z_HEAP_USED.matcher(heapInfo);
    if (zHeap.find()) {
      long used = Long.parseLong(zHeap.group(1));
      return switch (zHeap.group(2)) {
        case "G" -> used << 20;
        case "M" -> used << 10;
        default -> used;
      };
    }
    throw new IllegalStateException("no heap usage in jcmd's answer: " + heapInfo);
  }

  private static String field(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1);
      }
    }
    throw new IllegalStateException(name + " missing from /proc/<pid>/status");
  }

  private static String run(Path jcmd, long pid, String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("jcmd " + command + " failed: " + output);
    }
    return output;
  }
}
