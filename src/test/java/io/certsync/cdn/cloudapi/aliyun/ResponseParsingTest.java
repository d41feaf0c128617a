package io.certsync.cdn.cloudapi.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.cloudapi.CdnResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseParsingTest {

  @ParameterizedTest(name = "HTTP {0} with body [{1}] is code {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "200|{\"RequestId\":\"A\",\"Code\":\"Throttling.User\",\"Message\":\"m\"}|Throttling.User",
        "502|<html>bad gateway</html>|HttpStatus502",
        "200|not json|InvalidResponse",
        "400|''|InvalidResponse",
        "500|{\"RequestId\":\"B\"}|HttpStatus500",
        "404|{\"RequestId\":\"C\",\"Code\":\"SomethingNew\",\"Message\":\"?\"}|SomethingNew"
      })
  void errorsAreParsedByCode(int status, String body, String code) {
    CdnResult<?> r = AliyunRpcCaller.parse(status, body);
    assertThat(r).isInstanceOf(CdnResult.Failure.class);
    assertThat(((CdnResult.Failure<?>) r).error().code()).isEqualTo(code);
  }
}
