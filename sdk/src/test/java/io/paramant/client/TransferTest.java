package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transfer id: what a sender prints and a receiver reads back. */
class TransferTest {

  private static final String A =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  private static final String B =
      "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
  private static final String C =
      "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13";

  @Test
  void the_id_of_a_transfer_is_its_hashes_in_chunk_order_and_reads_back() {
    Transfer transfer =
        new Transfer(
            URI.create("http://127.0.0.1:3000/"),
            "00".repeat(16),
            "a",
            1,
            List.of(A, B, C),
            "bob",
            null);

    assertEquals(A + "," + B + "," + C, transfer.id());
    assertEquals(transfer.id(), transfer.toString());
    assertEquals(List.of(A, B, C), Transfer.parseId(transfer.id()));
  }

  @Test
  void a_single_blob_hash_is_a_transfer_id() {
    assertEquals(List.of(A), Transfer.parseId(A));
  }

  @Test
  void white_space_and_upper_case_are_forgiven() {
    assertEquals(List.of(A, B), Transfer.parseId("  " + A.toUpperCase() + " ,\n" + B + " "));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ",",
        A + ",",
        "," + A,
        A + ",," + B,
        A + " " + B,
        A + ";" + B,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0g",
        A + "," + A
      })
  void anything_else_is_refused(String id) {
    assertThrows(IllegalArgumentException.class, () -> Transfer.parseId(id));
  }
}
