package io.reelay.activities.assets;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Assets in an S3 bucket (AWS, or any S3-compatible store such as SeaweedFS or MinIO), so any
 * number of API and worker processes on any machines share them. Reads of a range ask S3 for just
 * those bytes; presigned GET URLs let clients download without going through Reelay.
 */
@Singleton
@Requires(property = "reelay.assets.store", value = "s3")
public class S3AssetStore implements AssetStore {

  private static final Logger log = LoggerFactory.getLogger(S3AssetStore.class);

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final boolean createBucket;
  private volatile boolean bucketChecked;

  public S3AssetStore(
      @Value("${reelay.assets.s3.endpoint:}") String endpoint,
      @Value("${reelay.assets.s3.presign-endpoint:}") String presignEndpoint,
      @Value("${reelay.assets.s3.region:us-east-1}") String region,
      @Value("${reelay.assets.s3.bucket}") String bucket,
      @Value("${reelay.assets.s3.access-key-id:}") String accessKeyId,
      @Value("${reelay.assets.s3.secret-access-key:}") String secretAccessKey,
      @Value("${reelay.assets.s3.path-style:true}") boolean pathStyle,
      @Value("${reelay.assets.s3.create-bucket:false}") boolean createBucket) {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("reelay.assets.s3.bucket (REELAY_S3_BUCKET) is required with the s3 store");
    }
    if (accessKeyId.isBlank() != secretAccessKey.isBlank()) {
      throw new IllegalArgumentException(
          "set both REELAY_S3_ACCESS_KEY_ID and REELAY_S3_SECRET_ACCESS_KEY, or neither (the AWS default credentials chain)");
    }
    AwsCredentialsProvider credentials =
        accessKeyId.isBlank()
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    S3Configuration s3Configuration = S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build();
    var client =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)).build())
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .serviceConfiguration(s3Configuration)
            // the SDK's default CRC32 trailers are not understood by every S3-compatible store;
            // our own SHA-256 of each video is the integrity check that matters
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    var presign =
        S3Presigner.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .serviceConfiguration(s3Configuration);
    if (!endpoint.isBlank()) {
      client.endpointOverride(URI.create(endpoint));
    }
    String presignAt = presignEndpoint.isBlank() ? endpoint : presignEndpoint;
    if (!presignAt.isBlank()) {
      presign.endpointOverride(URI.create(presignAt));
    }
    this.s3 = client.build();
    this.presigner = presign.build();
    this.bucket = bucket;
    this.createBucket = createBucket;
  }

  @Override
  public void put(String key, Path file, String contentType) throws IOException {
    ensureBucket();
    call(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file)));
  }

  @Override
  public OptionalLong size(String key) throws IOException {
    try {
      return OptionalLong.of(call(() -> s3.headObject(b -> b.bucket(bucket).key(key))).contentLength());
    } catch (IOException e) {
      if (notFound(e.getCause())) {
        return OptionalLong.empty();
      }
      throw e;
    }
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    if (length <= 0) {
      return InputStream.nullInputStream();
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    return call(() -> s3.getObject(b -> b.bucket(bucket).key(key).range(range)));
  }

  @Override
  public void delete(String key) throws IOException {
    call(() -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
  }

  @Override
  public void deleteAll(String prefix) throws IOException {
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException("a prefix names a folder: it ends with /");
    }
    // one by one: a generation has a handful of input images, and DeleteObjects needs a
    // Content-MD5 that not every S3-compatible store accepts the same way
    java.util.List<String> keys;
    try {
      keys = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    } catch (SdkException e) {
      throw new IOException("S3: " + e.getMessage(), e);
    }
    for (String key : keys) {
      delete(key);
    }
  }

  /** A GET URL for the object that works without credentials until it expires. */
  public URI presignedGet(String key, Duration lifetime) {
    return URI.create(
        presigner
            .presignGetObject(b -> b.signatureDuration(lifetime).getObjectRequest(g -> g.bucket(bucket).key(key)))
            .url()
            .toString());
  }

  /** Creates the bucket on the first write when configured to (the store may start after us). */
  private void ensureBucket() throws IOException {
    if (!createBucket || bucketChecked) {
      return;
    }
    synchronized (this) {
      if (bucketChecked) {
        return;
      }
      try {
        call(() -> s3.headBucket(b -> b.bucket(bucket)));
      } catch (IOException e) {
        if (!notFound(e.getCause())) {
          throw e;
        }
        try {
          call(() -> s3.createBucket(b -> b.bucket(bucket)));
          log.info("created S3 bucket {}", bucket);
        } catch (IOException raced) {
          // another process made it first (stores word that differently): fine if it is there now
          call(() -> s3.headBucket(b -> b.bucket(bucket)));
        }
      }
      bucketChecked = true;
    }
  }

  private static boolean notFound(Throwable e) {
    return e instanceof NoSuchKeyException
        || e instanceof NoSuchBucketException
        || (e instanceof S3Exception s3 && s3.statusCode() == 404);
  }

  /** The SDK's unchecked exceptions as the IOException the store's contract promises. */
  private static <T> T call(java.util.function.Supplier<T> request) throws IOException {
    try {
      return request.get();
    } catch (SdkException e) {
      throw new IOException("S3: " + e.getMessage(), e);
    }
  }

  @PreDestroy
  void close() {
    s3.close();
    presigner.close();
  }
}
