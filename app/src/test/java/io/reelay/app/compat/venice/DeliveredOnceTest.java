package io.reelay.app.compat.venice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** delete_media_on_completion's trigger: only a video sent to its last byte counts as delivered. */
class DeliveredOnceTest {

  private final AtomicInteger deliveries = new AtomicInteger();

  @Test
  void aWholeDownloadRunsTheActionOnceOnClose() throws Exception {
    InputStream video = stream(1000);
    video.readAllBytes();
    assertEquals(0, deliveries.get(), "nothing before the stream is closed");
    video.close();
    video.close();
    assertEquals(1, deliveries.get());
  }

  @Test
  void aDownloadBrokenOffRunsNothing() throws Exception {
    InputStream video = stream(1000);
    video.readNBytes(999);
    video.close();
    assertEquals(0, deliveries.get());
  }

  @Test
  void singleBytesCountToo() throws Exception {
    InputStream video = stream(3);
    while (video.read() >= 0) {
      // reading byte by byte
    }
    video.close();
    assertEquals(1, deliveries.get());
  }

  private InputStream stream(int length) {
    return new DeliveredOnce(new ByteArrayInputStream(new byte[length]), length, deliveries::incrementAndGet);
  }
}
