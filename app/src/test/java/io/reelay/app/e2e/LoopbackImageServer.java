package io.reelay.app.e2e;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A small PNG served at every path on 127.0.0.1, for tests whose clients send input images by URL.
 * The stack must allow fetching from loopback ({@code REELAY_IMAGES_ALLOWED_HOSTS=127.0.0.1}).
 */
final class LoopbackImageServer implements AutoCloseable {

  private final HttpServer server;
  private final byte[] png;
  private final AtomicInteger requests;

  private LoopbackImageServer(HttpServer server, byte[] png, AtomicInteger requests) {
    this.server = server;
    this.png = png;
    this.requests = requests;
  }

  static LoopbackImageServer start() throws IOException {
    byte[] png = gradientPng();
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "image/png");
          exchange.sendResponseHeaders(200, png.length);
          exchange.getResponseBody().write(png);
          exchange.close();
        });
    server.start();
    return new LoopbackImageServer(server, png, requests);
  }

  /** The image's URL at {@code path} (any path serves it). */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** How many requests it has answered (each fetch of an image). */
  int requests() {
    return requests.get();
  }

  /** The PNG's bytes (e.g. for a data: URI). */
  byte[] bytes() {
    return png.clone();
  }

  /** A 64x36 gradient. */
  private static byte[] gradientPng() throws IOException {
    BufferedImage image = new BufferedImage(64, 36, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 64; x++) {
      for (int y = 0; y < 36; y++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 7) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
