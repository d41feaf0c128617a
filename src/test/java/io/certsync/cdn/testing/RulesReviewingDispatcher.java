package io.certsync.cdn.testing;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The CRUD dispatcher with what the tests need beside it. JOSDK checks Lease permissions with a
 * SelfSubjectRulesReview before electing a leader; the CRUD dispatcher cannot answer one (it wants
 * metadata), so it is answered as a real API server would for an operator whose Role allows Leases.
 * The next {@code statusConflicts} status writes of bindings (patch or update) are answered 409;
 * {@code statusWrites} counts those that landed; reads of {@code failingSecret} answer 403 (as an
 * RBAC denial would; a 500 would be retried by the client for seconds first).
 */
final class RulesReviewingDispatcher extends KubernetesCrudDispatcher {
  final AtomicInteger statusConflicts = new AtomicInteger();
  final AtomicInteger statusWrites = new AtomicInteger();
  final AtomicInteger statusPatches = new AtomicInteger();
  final AtomicReference<String> failingSecret = new AtomicReference<>();

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    if (request.getPath().contains("/cdncertificatebindings/")
        && request.getPath().endsWith("/status")) {
      statusPatches.incrementAndGet();
    }
    return conflict(request).orElseGet(() -> counted(request, super.handlePatch(request)));
  }

  /** Status is written with an update (PUT) that carries the resourceVersion. */
  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    return conflict(request).orElseGet(() -> counted(request, super.handleUpdate(request)));
  }

  @Override
  public MockResponse handleGet(String path) {
    String failing = failingSecret.get();
    if (failing != null && path.contains("/secrets/" + failing)) {
      return new MockResponse()
          .setResponseCode(403)
          .setBody("{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}");
    }
    return super.handleGet(path);
  }

  private MockResponse counted(RecordedRequest request, MockResponse response) {
    if (request.getPath().contains("/cdncertificatebindings/")
        && request.getPath().endsWith("/status")
        && response.code() < 300) {
      statusWrites.incrementAndGet();
    }
    return response;
  }

  private Optional<MockResponse> conflict(RecordedRequest request) {
    if (request.getPath().contains("/cdncertificatebindings/")
        && request.getPath().endsWith("/status")
        && statusConflicts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return Optional.of(
          new MockResponse()
              .setResponseCode(409)
              .setBody(
                  "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                      + "\"reason\":\"Conflict\",\"code\":409,\"message\":\"Operation cannot"
                      + " be fulfilled: the object has been modified\"}"));
    }
    return Optional.empty();
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    if (request.getPath().startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
      return new MockResponse()
          .setResponseCode(201)
          .setBody(
              Serialization.asJson(
                  new SelfSubjectRulesReviewBuilder()
                      .withNewMetadata()
                      .endMetadata()
                      .withNewStatus()
                      .withIncomplete(false)
                      .addNewResourceRule()
                      .withApiGroups("coordination.k8s.io")
                      .withResources("leases")
                      .withVerbs("get", "list", "watch", "create", "update", "patch")
                      .endResourceRule()
                      .endStatus()
                      .build()));
    }
    return super.handleCreate(request);
  }
}
