package io.paramant.relay.did;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DidTargetsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v2/inbound",
        "/v2/status/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "/v2/audit?format=csv&from=10",
        "/v2/a%2Fb",
        "/v2/a%20b",
        "/v2/x?q=a%26b",
        "/v2/did:paramant:abc@x"
      })
  void normalised_targets_pass(String target) {
    assertTrue(DidTargets.isNormalised(target), target);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "v2/inbound",
        "/",
        "//v2/inbound",
        "/v2//inbound",
        "/v2/inbound/",
        "/v2/./inbound",
        "/v2/../v2/inbound",
        "/v2/%2e%2e/inbound",
        "/v2/%61bc",
        "/v2/%7E",
        "/v2/a%2fb",
        "/v2/a%2",
        "/v2/a%zz",
        "/v2;x=1/inbound",
        "/v2/in bound",
        "/v2/inbound?x=<",
        "/v2/inbound?x=%6A",
        "/v2/inbound\n",
        "/v2/ïnbound"
      })
  void other_spellings_are_refused(String target) {
    assertFalse(DidTargets.isNormalised(target), target);
  }
}
