package io.paramant.admin.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.admin.AdminException;
import java.io.ByteArrayInputStream;

/**
 * The JSON bodies of the console's admin API ({@code /api/users}, ...): {@link JsonBody} refuses
 * any bytes with {@link AdminException} only (400 {@code invalid_json} or {@code invalid_<field>},
 * 413), never with anything that would be a 500. Seeds and findings:
 * src/test/resources/io/paramant/admin/api/JsonBodyFuzzTestInputs/.
 */
class JsonBodyFuzzTest {

  @FuzzTest
  void read(byte[] body) {
    try {
      JsonBody json = JsonBody.read(new ByteArrayInputStream(body));
      json.string("email");
      json.required("label");
    } catch (AdminException refused) {
      // 4xx
    }
  }
}
