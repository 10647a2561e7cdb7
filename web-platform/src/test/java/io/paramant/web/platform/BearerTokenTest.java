package io.paramant.web.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

  @Test
  void the_token_after_the_scheme_in_any_case_without_blanks() {
    assertEquals("abc", BearerToken.of("Bearer abc"));
    assertEquals("abc", BearerToken.of("bearer abc"));
    assertEquals("abc", BearerToken.of("BEARER  abc \t"));
    assertEquals("a b", BearerToken.of("Bearer a b"));
    assertEquals("", BearerToken.of("Bearer "));
  }

  @Test
  void no_token_without_the_bearer_scheme() {
    assertNull(BearerToken.of(null));
    assertNull(BearerToken.of(""));
    assertNull(BearerToken.of("Bearer"));
    assertNull(BearerToken.of("Basic YWRtaW46eA=="));
    assertNull(BearerToken.of("Bearerabc"));
    assertNull(BearerToken.of(" Bearer abc"));
  }
}
