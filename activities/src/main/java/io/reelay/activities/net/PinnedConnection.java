package io.reelay.activities.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET over a socket connected to an address that was screened a moment before.
 *
 * <p>Why not java.net.http.HttpClient or HttpURLConnection: both resolve the host name again
 * when they connect, so a DNS answer that changes between our check and their connect (DNS
 * rebinding) would reach an address we never checked, and the JDK 17 clients take no resolver.
 * Here we open the TCP connection to the exact {@link InetAddress} we checked; for https we then
 * layer TLS over that socket with the URL's host name, so SNI and certificate validation (the
 * "HTTPS" endpoint identification) still concern the name, not the address. The request is
 * small enough to write by hand: GET, {@code Connection: close}, identity encoding; the answer
 * is read with Content-Length, chunked or until close.
 */
public final class PinnedConnection implements Closeable {

  private static final int MAX_LINE = 8 * 1024;
  private static final int MAX_HEADER_LINES = 100;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private PinnedConnection(Socket socket, Deadline deadline) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(new DeadlineBoundInput(socket, deadline), 16 * 1024);
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to the first of {@code addresses} that answers; {@code tlsHost} is the URL's host
   * name for https, null for plain http.
   */
  public static PinnedConnection open(
      List<InetAddress> addresses, int port, String tlsHost, Duration connectTimeout, Deadline deadline)
      throws IOException {
    IOException last = new IOException("no address to connect to");
    for (InetAddress address : addresses) {
      int timeout = (int) Math.min(connectTimeout.toMillis(), deadline.remainingMillis());
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, port), timeout);
        Socket connected = tlsHost == null ? socket : startTls(socket, tlsHost, port, deadline);
        return new PinnedConnection(connected, deadline);
      } catch (IOException e) {
        closeQuietly(socket);
        last = e;
      }
    }
    throw last;
  }

  private static Socket startTls(Socket socket, String host, int port, Deadline deadline) throws IOException {
    SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
    // the host name given here is what JSSE sends as SNI and checks the certificate against
    SSLSocket tls = (SSLSocket) factory.createSocket(socket, host, port, true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    // JSSE leaves SNI out for dotless names; IP literals must not be sent as SNI at all
    if (!host.contains(":") && !host.matches("[0-9.]+")) {
      try {
        parameters.setServerNames(List.of(new SNIHostName(host)));
      } catch (IllegalArgumentException e) {
        // not a valid SNI name: the handshake goes without it, verification still uses the name
      }
    }
    tls.setSSLParameters(parameters);
    tls.setSoTimeout(deadline.remainingMillis());
    tls.startHandshake();
    return tls;
  }

  /** Sends the GET and reads the answer's status and headers, skipping interim 1xx answers. */
  public ResponseHead get(String target, String hostHeader) throws IOException {
    String request =
        "GET " + target + " HTTP/1.1\r\n"
            + "Host: " + hostHeader + "\r\n"
            + "User-Agent: Reelay-ImageFetcher/1\r\n"
            + "Accept: image/jpeg, image/png, image/webp\r\n"
            + "Accept-Encoding: identity\r\n"
            + "Connection: close\r\n"
            + "\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return finalHead();
  }

  /**
   * Sends a POST with a body of known length and reads the answer's status and headers. {@code
   * headers} must not contain CR or LF (the callers build them, never from client input).
   */
  public ResponseHead post(
      String target, String hostHeader, String userAgent, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder request =
        new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
            .append("Host: ").append(hostHeader).append("\r\n")
            .append("User-Agent: ").append(userAgent).append("\r\n")
            .append("Accept-Encoding: identity\r\n")
            .append("Connection: close\r\n")
            .append("Content-Length: ").append(body.length).append("\r\n");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if ((header.getKey() + header.getValue()).matches("(?s).*[\r\n].*")) {
        throw new IllegalArgumentException("header " + header.getKey() + " contains a line break");
      }
      request.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    request.append("\r\n");
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
    return finalHead();
  }

  // skips interim 1xx answers (100 Continue and the like)
  private ResponseHead finalHead() throws IOException {
    while (true) {
      ResponseHead head = readHead();
      if (head.status() >= 200 || head.status() == 101) {
        return head;
      }
    }
  }

  /** The body of a 2xx answer, de-chunked; ends with EOFException if the peer stops short. */
  public InputStream body(ResponseHead head) throws IOException {
    List<String> codings = head.values("transfer-encoding");
    if (!codings.isEmpty()) {
      String last = codings.get(codings.size() - 1);
      String[] parts = last.split(",");
      boolean chunked = parts[parts.length - 1].trim().equalsIgnoreCase("chunked");
      return chunked ? new ChunkedBody() : in;
    }
    OptionalLong length = head.declaredLength();
    return length.isPresent() ? new FixedLengthBody(length.getAsLong()) : in;
  }

  /** The request target of a URL: its path and query, non-ASCII characters percent-encoded. */
  public static String requestTarget(URI uri) {
    URI ascii = URI.create(uri.toASCIIString());
    String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
    return ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
  }

  /** The Host header of a URL: its host, and its port unless it is the scheme's default. */
  public static String hostHeader(URI uri, boolean https) {
    int port = uri.getPort();
    boolean defaultPort = port < 0 || port == (https ? 443 : 80);
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private ResponseHead readHead() throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
      throw new ProtocolException("not an HTTP/1.x answer");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int lines = 0; ; lines++) {
      if (lines > MAX_HEADER_LINES) {
        throw new ProtocolException("too many header lines");
      }
      String line = readLine();
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("malformed header line");
      }
      headers
          .computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    return new ResponseHead(Integer.parseInt(parts[1]), headers);
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed mid-header");
      }
      if (b == '\n') {
        break;
      }
      if (line.size() >= MAX_LINE) {
        throw new ProtocolException("header line too long");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  /** Status and headers; header names are lower-case. */
  public record ResponseHead(int status, Map<String, List<String>> headers) {

    public List<String> values(String name) {
      return headers.getOrDefault(name, List.of());
    }

    public Optional<String> value(String name) {
      return values(name).stream().findFirst();
    }

    /** Content-Length, when there is no Transfer-Encoding (which overrides it). */
    public OptionalLong declaredLength() throws ProtocolException {
      if (!values("transfer-encoding").isEmpty() || values("content-length").isEmpty()) {
        return OptionalLong.empty();
      }
      // "10, 10" and repeated headers are legal when they agree; disagreement is a smuggling sign
      List<String> all =
          values("content-length").stream()
              .flatMap(v -> Arrays.stream(v.split(",")))
              .map(String::trim)
              .distinct()
              .toList();
      if (all.size() != 1 || !all.get(0).matches("[0-9]{1,18}")) {
        throw new ProtocolException("bad Content-Length");
      }
      return OptionalLong.of(Long.parseLong(all.get(0)));
    }
  }

  /** Socket reads that time out when the fetch's deadline passes, however the bytes trickle. */
  private static final class DeadlineBoundInput extends FilterInputStream {
    private final Socket socket;
    private final Deadline deadline;

    DeadlineBoundInput(Socket socket, Deadline deadline) throws IOException {
      super(socket.getInputStream());
      this.socket = socket;
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      socket.setSoTimeout(deadline.remainingMillis());
      return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      socket.setSoTimeout(deadline.remainingMillis());
      return super.read(buffer, offset, length);
    }
  }

  private final class FixedLengthBody extends InputStream {
    private long remaining;

    FixedLengthBody(long length) {
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (n < 0) {
        throw new EOFException("connection closed before Content-Length bytes");
      }
      remaining -= n;
      return n;
    }
  }

  private final class ChunkedBody extends InputStream {
    private long remaining;
    private boolean started;
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (done) {
        return -1;
      }
      if (remaining == 0) {
        if (started && !readLine().isEmpty()) {
          throw new ProtocolException("chunk not followed by CRLF");
        }
        started = true;
        String sizeField = readLine().split(";", 2)[0].trim();
        if (!sizeField.matches("[0-9A-Fa-f]{1,15}")) {
          throw new ProtocolException("bad chunk size");
        }
        remaining = Long.parseLong(sizeField, 16);
        if (remaining == 0) {
          while (!readLine().isEmpty()) {
            // trailers carry nothing we use
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (n < 0) {
        throw new EOFException("connection closed mid-chunk");
      }
      remaining -= n;
      return n;
    }
  }
}
