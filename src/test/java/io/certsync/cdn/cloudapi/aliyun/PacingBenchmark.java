package io.certsync.cdn.cloudapi.aliyun;

import io.certsync.cdn.cloudapi.AccountResolver;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.StoredCertificateBinding;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.emulator.RecordedCall;
import io.certsync.cdn.emulator.StoreOrigin;
import io.certsync.cdn.testing.TestCertificates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;

/**
 * A measurement, not a test: N writes queued at once against the emulator over HTTP, through the
 * production limiters (25 ms margin), with and without 300 ms answers; prints the pace as a share
 * of the limit (arrivals at the emulator, first to last) and the Throttling answers. Run with
 * {@code java -cp target/test-classes:target/classes:<test classpath>
 * io.certsync.cdn.cloudapi.aliyun.PacingBenchmark [N]}.
 */
public final class PacingBenchmark {

  private static final String ACCOUNT = "1111111111111111";
  private static final CdnCredentials KEY = CdnCredentials.of("LTAI-bench", "bench-secret");

  private PacingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    for (Duration latency : List.of(Duration.ZERO, Duration.ofMillis(300))) {
      run(n, latency, RateLimiters.DEFAULT_WINDOW);
    }
    run(n, Duration.ZERO, Duration.ofSeconds(1));
  }

  private static void run(int n, Duration latency, Duration window) throws Exception {
    List<String> domains = List.of("a.example.com", "b.example.com", "c.example.com");
    EmulatorSettings settings =
        new EmulatorSettings().accessKey(KEY.accessKeyId(), KEY.accessKeySecret(), ACCOUNT);
    domains.forEach(settings::domain);
    try (CdnEmulator emulator = CdnEmulator.start(settings)) {
      long certId =
          emulator.storeEntry(
              ACCOUNT,
              "site",
              TestCertificates.leaf(TestCertificates.ca("Bench Root"), "*.example.com").chainPem(),
              StoreOrigin.CAS_UPLOAD);
      emulator.latency(latency);
      OkHttpClient http = new OkHttpClient();
      AliyunRpcCaller rpc =
          new AliyunRpcCaller(
              CdnEndpoint.parse(emulator.baseUrl()),
              SignatureVersion.V3,
              http,
              new RateLimiters(window),
              AccountResolver.byAccessKeyId(),
              Clock.systemUTC(),
              ApiCallListener.NONE);
      AliyunCdnClient cdn =
          new AliyunCdnClient(rpc.withAccounts(new StsAccountResolver(rpc, Clock.systemUTC())));
      // enough threads that 300 ms answers never hold the pace back: 30/s x 0.3 s = 9 in flight
      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String domain = domains.get(i % domains.size());
          calls.add(
              pool.submit(
                  () ->
                      cdn.bindStoredCertificate(
                          new StoredCertificateBinding(KEY, domain, certId, null))));
        }
        for (Future<?> c : calls) {
          c.get();
        }
      } finally {
        pool.shutdownNow();
      }
      List<Instant> arrivals =
          emulator.calls("SetCdnDomainSSLCertificate").stream()
              .map(RecordedCall::time)
              .sorted()
              .toList();
      long throttled =
          emulator
              .calls(c -> c.errorCode() != null && c.errorCode().startsWith("Throttling"))
              .size();
      double seconds =
          Duration.between(arrivals.get(0), arrivals.get(arrivals.size() - 1)).toNanos() / 1e9;
      long minSpan = Long.MAX_VALUE;
      int minAt = 0;
      for (int i = 30; i < arrivals.size(); i++) {
        long span = Duration.between(arrivals.get(i - 30), arrivals.get(i)).toMillis();
        if (span < minSpan) {
          minSpan = span;
          minAt = i - 30;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "window %d ms, answers %d ms: %d writes arrived over %.2f s (ideal %.2f s at 30/s),"
              + " pace %.3f of the limit, %d throttled, shortest span of 31 arrivals %d ms (from"
              + " arrival %d)%n",
          window.toMillis(),
          latency.toMillis(),
          arrivals.size(),
          seconds,
          (arrivals.size() - 1) / 30.0,
          (arrivals.size() - 1) / 30.0 / seconds,
          throttled,
          minSpan,
          minAt);
    }
  }
}
