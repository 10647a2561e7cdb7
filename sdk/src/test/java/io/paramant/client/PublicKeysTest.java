package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.testing.Keys;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublicKeysTest {

  private static final PublicKeys BOB = Keys.BOB.publicKeys();

  @Test
  void keys_have_the_wire_lengths_of_the_pubkey_api() {
    assertEquals(1184, BOB.mlKem().length);
    assertEquals(65, BOB.ecdh().length);
    assertEquals(0x04, BOB.ecdh()[0]);
    assertEquals(1952, BOB.mlDsa().orElseThrow().length);
    assertEquals(2 * 1184, BOB.mlKemHex().length());
    assertEquals(BOB.mlKemHex(), BOB.mlKemHex().toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void keys_read_back_from_hex_are_equal() {
    assertEquals(
        BOB, PublicKeys.fromHex(BOB.mlKemHex(), BOB.ecdhHex(), BOB.mlDsaHex().orElseThrow()));
  }

  @Test
  void the_fingerprint_is_sha3_256_over_the_concatenated_keys() {
    byte[] expected = Digests.sha3_256(BOB.mlKem(), BOB.ecdh(), BOB.mlDsa().orElseThrow());

    assertEquals(HexFormat.of().formatHex(expected), BOB.fingerprint());
  }

  @Test
  void the_did_is_32_lowercase_base32_characters_and_needs_a_signing_key() {
    assertTrue(
        BOB.did().orElseThrow().matches("did:paramant:[a-z2-7]{32}"), BOB.did().orElseThrow());
    assertEquals(Optional.empty(), PublicKeys.of(BOB.mlKem(), BOB.ecdh()).did());
  }

  @Test
  void byte_arrays_are_copied_in_and_out() {
    byte[] mlKem = BOB.mlKem();
    PublicKeys keys = PublicKeys.of(mlKem, BOB.ecdh());
    mlKem[100] ^= 1;

    assertEquals(BOB.mlKemHex(), keys.mlKemHex());
    assertNotSame(keys.mlKem(), keys.mlKem());
  }

  @Test
  void wrong_lengths_are_refused() {
    assertInvalid(() -> PublicKeys.of(Arrays.copyOf(BOB.mlKem(), 1183), BOB.ecdh()));
    assertInvalid(() -> PublicKeys.of(BOB.mlKem(), Arrays.copyOf(BOB.ecdh(), 64)));
    assertInvalid(() -> PublicKeys.of(BOB.mlKem(), BOB.ecdh(), new byte[1951]));
    assertInvalid(() -> PublicKeys.fromHex("zz", BOB.ecdhHex()));
  }

  @Test
  void a_compressed_or_off_curve_p256_point_is_refused() {
    byte[] compressed = Arrays.copyOf(BOB.ecdh(), 33);
    compressed[0] = 0x02;
    byte[] offCurve = BOB.ecdh();
    offCurve[64] ^= 1;

    assertInvalid(() -> PublicKeys.of(BOB.mlKem(), compressed));
    assertInvalid(() -> PublicKeys.of(BOB.mlKem(), offCurve));
  }

  @Test
  void an_ml_kem_key_failing_the_fips_203_modulus_check_is_refused() {
    byte[] mlKem = BOB.mlKem();
    mlKem[0] = (byte) 0xff;
    mlKem[1] = (byte) 0xff;

    assertInvalid(() -> PublicKeys.of(mlKem, BOB.ecdh()));
  }

  private static void assertInvalid(org.junit.jupiter.api.function.Executable construction) {
    assertEquals(Reason.INVALID_KEY, assertThrows(EnvelopeException.class, construction).reason());
  }
}
