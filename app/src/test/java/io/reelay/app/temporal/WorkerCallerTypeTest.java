package io.reelay.app.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.uber.m3.tally.NoopScope;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's calls carry the configured caller type in the header the Temporal server reads;
 * the API's calls carry none (the server's default, api). Checked on the wire: a gRPC server on
 * loopback records each call's headers.
 */
class WorkerCallerTypeTest {

  private final List<String> callerTypes = new CopyOnWriteArrayList<>();
  private Server server;

  @BeforeEach
  void startServer() throws Exception {
    ServerInterceptor recordHeaders =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String type = headers.get(WorkerCallerType.HEADER);
            callerTypes.add(type == null ? "(none)" : type);
            return next.startCall(call, headers);
          }
        };
    WorkflowServiceGrpc.WorkflowServiceImplBase temporal =
        new WorkflowServiceGrpc.WorkflowServiceImplBase() {
          @Override
          public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> answer) {
            answer.onNext(GetSystemInfoResponse.getDefaultInstance());
            answer.onCompleted();
          }
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(ServerInterceptors.intercept(temporal, recordHeaders))
            .build()
            .start();
  }

  @AfterEach
  void stopServer() {
    server.shutdownNow();
  }

  @Test
  void theWorkersCallsArePreemptableAndTheApisCarryNoCallerType() {
    TemporalFactory factory = new TemporalFactory();
    String address = "127.0.0.1:" + server.getPort();

    WorkflowServiceStubs worker = factory.workerServiceStubs(address, new NoopScope(), new WorkerCallerType("preemptable"));
    try {
      worker.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } finally {
      worker.shutdownNow();
    }
    assertTrue(!callerTypes.isEmpty() && callerTypes.stream().allMatch("preemptable"::equals), callerTypes.toString());

    callerTypes.clear();
    WorkflowServiceStubs api = factory.serviceStubs(address, new NoopScope());
    try {
      api.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } finally {
      api.shutdownNow();
    }
    assertTrue(!callerTypes.isEmpty() && callerTypes.stream().allMatch("(none)"::equals), callerTypes.toString());
  }

  @Test
  void apiSendsNoHeaderAndAnUnknownTypeIsRefusedAtStartup() {
    assertNull(new WorkerCallerType("api").headers().get(WorkerCallerType.HEADER));
    assertEquals("background_low", new WorkerCallerType("background_low").headers().get(WorkerCallerType.HEADER));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new WorkerCallerType("urgent"));
    assertTrue(refused.getMessage().contains("reelay.temporal.worker-caller-type"), refused.getMessage());
  }
}
