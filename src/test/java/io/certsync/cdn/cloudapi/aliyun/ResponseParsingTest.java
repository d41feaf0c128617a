package io.certsync.cdn.cloudapi.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.cloudapi.CdnResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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
        "404|{\"RequestId\":\"C\",\"Code\":\"SomethingNew\",\"Message\":\"?\"}|SomethingNew",
        "429|<html>slow down</html>|Throttling",
        "429|{\"RequestId\":\"E\"}|Throttling"
      })
  void errorsAreParsedByCode(int status, String body, String code) {
    CdnResult<?> r = AliyunRpcCaller.parse(status, body);
    assertThat(r).isInstanceOf(CdnResult.Failure.class);
    assertThat(((CdnResult.Failure<?>) r).error().code()).isEqualTo(code);
  }

  @Test
  @DisplayName(
      "an error message that repeats the request (a V1 string-to-sign with the key) is cut before it")
  void echoedRequestIsWithheld() {
    String body =
        "{\"RequestId\":\"D\",\"Code\":\"IncompleteSignature\",\"Message\":\"The request"
            + " signature does not conform to Aliyun standards. server string to sign is:POST&%2F&"
            + "AccessKeyId%3DLTAI%26PrivateKey%3D-----BEGIN%2520RSA%2520PRIVATE%2520KEY-----"
            + "MIIEow\"}";
    String message = ((CdnResult.Failure<?>) AliyunRpcCaller.parse(400, body)).error().message();
    assertThat(message)
        .startsWith("The request signature does not conform to Aliyun standards.")
        .doesNotContain("PrivateKey", "BEGIN", "MIIEow", "LTAI");
    assertThat(AliyunRpcCaller.withoutEcho("The specified domain is offline."))
        .isEqualTo("The specified domain is offline.");
  }
}
