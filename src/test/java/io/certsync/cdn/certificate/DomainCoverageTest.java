package io.certsync.cdn.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainCoverageTest {

  @ParameterizedTest(name = "SANs [{0}] cover {1}: {2}")
  @CsvSource({
    "www.example.com, www.example.com, true",
    "www.example.com, WWW.Example.com., true",
    "www.example.com, static.example.com, false",
    "*.example.com, static.example.com, true",
    "*.example.com, .example.com, true",
    "*.example.com, a.b.example.com, false",
    "*.example.com, example.com, false",
    "www.example.com, .example.com, false",
    "xn--bcher-kva.example, xn--bcher-kva.example, true"
  })
  void coverage(String san, String domain, boolean expected) {
    assertThat(DomainCoverage.covers(List.of(san), domain)).isEqualTo(expected);
  }
}
