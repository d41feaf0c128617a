package io.certsync.cdn.testing;

import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.EmulatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh CDN emulator for each test, on its own port, closed after it: {@code @RegisterExtension
 * final RunningEmulator cdn = RunningEmulator.with(KEYS, "www.example.com");}. It starts before the
 * class's {@code @BeforeEach} methods, so they can build clients on {@link #baseUrl()}.
 */
public final class RunningEmulator implements BeforeEachCallback, AfterEachCallback {

  /** The credentials {@link #serving} emulators know. */
  public static final CdnCredentials KEYS = CdnCredentials.of("LTAI-emulator", "emulator-secret");

  private final Consumer<EmulatorSettings> settings;
  private CdnEmulator emulator;

  private RunningEmulator(Consumer<EmulatorSettings> settings) {
    this.settings = settings;
  }

  /** An emulator that knows {@link #KEYS} and serves these domains (online). */
  public static RunningEmulator serving(String... domains) {
    return with(KEYS, domains);
  }

  /** An emulator that knows these credentials and serves these domains (online). */
  public static RunningEmulator with(CdnCredentials keys, String... domains) {
    return new RunningEmulator(
        s -> {
          s.accessKey(keys.accessKeyId(), keys.accessKeySecret());
          for (String domain : domains) {
            s.domain(domain);
          }
        });
  }

  /** More settings on top of these. */
  public RunningEmulator and(Consumer<EmulatorSettings> more) {
    return new RunningEmulator(settings.andThen(more));
  }

  public CdnEmulator get() {
    return emulator;
  }

  public String baseUrl() {
    return emulator.baseUrl();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    EmulatorSettings s = new EmulatorSettings();
    settings.accept(s);
    try {
      emulator = CdnEmulator.start(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (emulator != null) {
      emulator.close();
      emulator = null;
    }
  }
}
