package io.reelay.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports for the stack's servers: below Linux's ephemeral range (32768+), and never
 * the same one twice in this JVM. An ephemeral port is what the OS hands out to anyone: the
 * Temporal dev server picks its internal services' ports that way, and once took a frontend port
 * that had just been freed. Never twice, because a stopped server's port must stay its own until
 * it starts again on it.
 */
public final class Ports {

  private static final int FIRST = 20_000;
  private static final int COUNT = 12_000;
  private static final Random RANDOM = new SecureRandom();
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private Ports() {}

  /** A port in 20000-31999 that nobody listens on now and this JVM has not handed out before. */
  public static int free() throws IOException {
    for (int tries = 0; tries < 500; tries++) {
      int port = FIRST + RANDOM.nextInt(COUNT);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new IOException("no free loopback port in " + FIRST + "-" + (FIRST + COUNT - 1));
  }
}
