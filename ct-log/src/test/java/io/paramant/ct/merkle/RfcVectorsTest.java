package io.paramant.ct.merkle;

import static io.paramant.ct.TestData.base64;
import static io.paramant.ct.TestData.base64List;
import static io.paramant.ct.TestData.hex;
import static io.paramant.ct.TestData.json;
import static io.paramant.ct.TestData.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published RFC 6962 test vectors of transparency-dev/merkle (see {@code
 * src/test/resources/merkle/README.md}), run against the tree code instantiated with SHA-256: every
 * case, happy or failing, and the roots of the sizes 0 to 8.
 */
class RfcVectorsTest {

  private static final TreeHasher SHA_256 = TreeHasher.SHA_256;

  static Stream<Named<Map<String, Object>>> inclusionCases() throws IOException {
    return cases("merkle/inclusion");
  }

  static Stream<Named<Map<String, Object>>> consistencyCases() throws IOException {
    return cases("merkle/consistency");
  }

  /** The happy paths made from the 8 inputs of rfc6962-roots.json (not the "additional" ones). */
  static Stream<Named<Map<String, Object>>> happyPathsOfTheEightLeafTree() throws IOException {
    return Stream.concat(inclusionCases(), consistencyCases())
        .filter(named -> named.getName().matches("\\w+/\\d/happy-path\\.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusionCases")
  void inclusion_vector_verifies_exactly_when_no_error_is_wanted(Map<String, Object> vector) {
    InclusionProof proof =
        new InclusionProof(
            (long) vector.get("leafIdx"),
            (long) vector.get("treeSize"),
            base64List(vector.get("proof")));
    Executable verification =
        () -> proof.verify(SHA_256, base64(vector.get("leafHash")), base64(vector.get("root")));
    expectOutcome(vector, verification);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistencyCases")
  void consistency_vector_verifies_exactly_when_no_error_is_wanted(Map<String, Object> vector) {
    ConsistencyProof proof =
        new ConsistencyProof(
            (long) vector.get("size1"),
            (long) vector.get("size2"),
            base64List(vector.get("proof")));
    Executable verification =
        () -> proof.verify(SHA_256, base64(vector.get("root1")), base64(vector.get("root2")));
    expectOutcome(vector, verification);
  }

  @Test
  void roots_of_sizes_0_to_8_match_the_rfc6962_vectors_as_the_tree_grows_and_afterwards() {
    Map<String, Object> vectors = json("merkle/rfc6962-roots.json");
    List<?> inputs = (List<?>) vectors.get("leaf_inputs_hex");
    List<?> roots = (List<?>) vectors.get("root_hash_by_tree_size_hex");
    MerkleTree tree = new MerkleTree(SHA_256);
    assertArrayEquals(hex(roots.get(0)), tree.rootHash());
    for (Object input : inputs) {
      tree.append(hex(input));
      assertArrayEquals(hex(roots.get((int) tree.size())), tree.rootHash());
    }
    for (int size = 0; size <= inputs.size(); size++) {
      assertArrayEquals(hex(roots.get(size)), tree.rootHash(size), "root of size " + size);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("happyPathsOfTheEightLeafTree")
  void tree_makes_exactly_the_published_happy_path_proof(Map<String, Object> vector) {
    MerkleTree tree = new MerkleTree(SHA_256);
    ((List<?>) json("merkle/rfc6962-roots.json").get("leaf_inputs_hex"))
        .forEach(input -> tree.append(hex(input)));
    List<byte[]> published = base64List(vector.get("proof"));
    List<byte[]> made;
    if (vector.containsKey("leafIdx")) {
      long index = (long) vector.get("leafIdx");
      long size = (long) vector.get("treeSize");
      assertArrayEquals(base64(vector.get("leafHash")), tree.leafHash(index));
      assertArrayEquals(base64(vector.get("root")), tree.rootHash(size));
      made = tree.inclusionProof(index, size).path();
    } else {
      long first = (long) vector.get("size1");
      long second = (long) vector.get("size2");
      assertArrayEquals(base64(vector.get("root1")), tree.rootHash(first));
      assertArrayEquals(base64(vector.get("root2")), tree.rootHash(second));
      made = tree.consistencyProof(first, second).path();
    }
    assertEquals(published.size(), made.size(), "number of hashes");
    for (int i = 0; i < made.size(); i++) {
      assertArrayEquals(published.get(i), made.get(i), "hash " + i);
    }
  }

  private static void expectOutcome(Map<String, Object> vector, Executable verification) {
    if ((boolean) vector.get("wantErr")) {
      assertThrows(InvalidProofException.class, verification, (String) vector.get("desc"));
    } else {
      assertDoesNotThrow(verification, (String) vector.get("desc"));
    }
  }

  private static Stream<Named<Map<String, Object>>> cases(String directory) throws IOException {
    Path root = resource("merkle");
    try (Stream<Path> files = Files.walk(resource(directory))) {
      return files
          .filter(file -> file.toString().endsWith(".json"))
          .sorted()
          .map(file -> Named.of(root.relativize(file).toString(), json(file)))
          .toList()
          .stream();
    }
  }
}
