package io.reelay.app.compat.venice;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A video's bytes on their way to the client that runs {@code afterDelivery} once, when the
 * stream is closed after every byte was read: a download the client broke off deletes nothing.
 */
final class DeliveredOnce extends FilterInputStream {

  private final long length;
  private final Runnable afterDelivery;
  private long sent;
  private boolean closed;

  DeliveredOnce(InputStream video, long length, Runnable afterDelivery) {
    super(video);
    this.length = length;
    this.afterDelivery = afterDelivery;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      sent++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) throws IOException {
    int n = super.read(buffer, offset, count);
    if (n > 0) {
      sent += n;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    super.close();
    if (!closed) {
      closed = true;
      if (sent >= length) {
        afterDelivery.run();
      }
    }
  }
}
