package io.paramant.relay.keys.boundary;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.keys.KeyRegistration;
import io.paramant.relay.keys.PublicKeySet;

/**
 * The JSON body of {@code POST /v2/pubkey} from any client, read and then decoded as the directory
 * decodes it. Only {@link InvalidInputException} may come out (400 with a JSON error). Seeds and
 * findings: src/test/resources/io/paramant/relay/keys/boundary/PubkeyJsonFuzzTestInputs/ (some hold
 * real keys, so that the key decoding is reached).
 */
class PubkeyJsonFuzzTest {

  @FuzzTest
  void read(byte[] body) {
    try {
      KeyRegistration registration = PubkeyJson.read(body);
      PublicKeySet.decode(registration.mlKem768(), registration.p256(), registration.mlDsa65());
    } catch (InvalidInputException refused) {
      // 400
    }
  }
}
