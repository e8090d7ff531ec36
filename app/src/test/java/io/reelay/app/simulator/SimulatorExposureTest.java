package io.reelay.app.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.reelay.activities.assets.images.FetchedImage;
import io.reelay.activities.assets.inputs.InputImages;
import io.reelay.app.models.ModelCatalog;
import io.reelay.emulators.testing.EmbeddedApp;
import io.reelay.workflows.generation.ImageInput;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated provider is a test double: a production configuration does not serve it or offer
 * its models, and where it is on, its image downloads cannot reach the internal network.
 */
class SimulatorExposureTest {

  private static final String KEY = "sim_" + UUID.randomUUID();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dataDir;

  @AutoClose private static final EmbeddedPostgres postgres = EmbeddedApp.startPostgres();

  @Test
  void withTheSimulatorOffSimIsA404AndItsModelsAreNotOffered() throws Exception {
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, EmbeddedApp.apiOnly(postgres, dataDir))) {
      HttpResponse<String> submit = submit(server, KEY, "{\"model\":\"sim-fast\",\"prompt\":\"p\",\"client_reference\":\"r\"}");
      assertEquals(404, submit.statusCode(), submit.body());
      ModelCatalog catalog = server.getApplicationContext().getBean(ModelCatalog.class);
      assertTrue(catalog.find("sim-fast").isEmpty(), "sim-fast is offered without the simulator");
      assertTrue(catalog.find("sim-poll").isEmpty(), "sim-poll is offered without the simulator");
    }
  }

  @Test
  void anImageOnAMetadataOrPrivateAddressIsA400() throws Exception {
    try (EmbeddedServer server = simulatorOn()) {
      for (String url : new String[] {"http://169.254.169.254/latest/meta-data/iam/", "http://10.0.0.1/image.png"}) {
        HttpResponse<String> submit = submit(server, KEY, job(url));
        assertEquals(400, submit.statusCode(), url + ": " + submit.body());
        assertTrue(submit.body().contains("non-public address"), url + ": " + submit.body());
      }
    }
  }

  @Test
  void anImageOnAnotherLoopbackPortIsRefusedWithoutConnecting() throws Exception {
    try (EmbeddedServer server = simulatorOn();
        ServerSocket internal = new ServerSocket()) {
      internal.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      HttpResponse<String> submit = submit(server, KEY, job("http://127.0.0.1:" + internal.getLocalPort() + "/image.png"));
      assertEquals(400, submit.statusCode(), submit.body());
      internal.setSoTimeout(500);
      boolean connected;
      try (var ignored = internal.accept()) {
        connected = true;
      } catch (SocketTimeoutException none) {
        connected = false;
      }
      assertFalse(connected, "the simulator connected to the refused address");
    }
  }

  @Test
  void theSignedInputLinkOnTheAppsOwnPublicUrlIsStillDownloaded() throws Exception {
    try (EmbeddedServer server = simulatorOn()) {
      InputImages inputs = server.getApplicationContext().getBean(InputImages.class);
      ImageInput saved = inputs.save("gen_" + UUID.randomUUID().toString().replace("-", ""), 0, "image", png());
      String link = inputs.signedUrl(saved).toString();
      assertTrue(link.startsWith(server.getURL().toString()), link);
      HttpResponse<String> submit = submit(server, KEY, job(link));
      assertEquals(201, submit.statusCode(), submit.body());
    }
  }

  /** The API with the simulator on, on a fixed port: its public URL is what the signed links name. */
  private static EmbeddedServer simulatorOn() throws IOException {
    Map<String, Object> properties = EmbeddedApp.apiOnly(postgres, dataDir);
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    properties.put("micronaut.server.port", port);
    properties.put("reelay.simulator.enabled", true);
    properties.put("reelay.simulator.api-key", KEY);
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }

  private static String job(String imageUrl) {
    return "{\"model\":\"sim-fast\",\"prompt\":\"a harbour\",\"client_reference\":\"" + UUID.randomUUID()
        + "\",\"duration_seconds\":1,\"aspect_ratio\":\"16:9\",\"resolution\":\"480p\",\"image_urls\":[\"" + imageUrl + "\"]}";
  }

  private static HttpResponse<String> submit(EmbeddedServer server, String key, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.getURL() + "/sim/v1/jobs"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static FetchedImage png() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(16, 9, BufferedImage.TYPE_INT_RGB), "png", bytes);
    return new FetchedImage(bytes.toByteArray(), "image/png", 16, 9);
  }
}
