package io.paramant.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.testing.FakeRelay;
import io.paramant.client.testing.FakeWitness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --namespace} and {@code --witness}/{@code --quorum}/{@code --log-origin}: what they pin,
 * what they print, and their exit codes (docs/cli.md, "Namespace" and "Witnesses"), against a relay
 * in the test's JVM whose heads two witnesses cosign.
 */
class TrustOptionsTest {

  @TempDir Path temp;

  private FakeRelay relay;
  private FakeWitness first;
  private FakeWitness second;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() {
    relay = FakeRelay.start(temp.resolve("relay"));
    first = FakeWitness.start();
    second = FakeWitness.start();
    relay.witnessedBy(first, second);
  }

  @AfterEach
  void stop() {
    relay.close();
    first.close();
    second.close();
  }

  @Test
  void the_relays_namespace_is_pinned_and_printed_once_and_a_configured_other_one_exits_1() {
    succeeds(as("bob", "keys", "register"));

    Run firstLookup = succeeds(as("alice", "keys", "show", "--peer", "bob"));
    Run secondLookup = succeeds(as("alice", "keys", "show", "--peer", "bob"));
    Run changed = as("alice", "keys", "show", "--peer", "bob", "--namespace", "team:acme");

    assertEquals(
        "paramant keys show: pinned namespace "
            + FakeRelay.NAMESPACE
            + " for "
            + relay.uri()
            + " (first use): compare it with the namespace your administrator gave you; a later"
            + " change is refused\n",
        firstLookup.err());
    assertEquals("", secondLookup.err());
    assertEquals(1, changed.exit(), changed::toString);
    assertTrue(
        changed.err().startsWith("paramant keys show: verification failed: namespace changed: "),
        changed::toString);
    assertTrue(changed.err().contains(temp.resolve("alice").resolve("pins").toString()));
  }

  @Test
  void a_configured_namespace_is_not_printed_and_one_the_relay_contradicts_exits_1() {
    succeeds(as("bob", "keys", "register"));

    Run same =
        succeeds(as("alice", "keys", "show", "--peer", "bob", "--namespace", "account:tester"));
    Run other = as("carol", "keys", "show", "--peer", "bob", "--namespace", "team:acme");

    assertEquals("", same.err());
    assertEquals(1, other.exit(), other::toString);
    assertTrue(other.err().contains("namespace changed"), other::toString);
  }

  @Test
  void a_namespace_that_is_none_is_a_usage_error() {
    Run bad = as("alice", "keys", "show", "--peer", "bob", "--namespace", "acme");

    assertEquals(2, bad.exit(), bad::toString);
    assertTrue(bad.err().startsWith("paramant keys show: --namespace: "), bad::toString);
  }

  @Test
  void verify_prints_the_cosignatures_it_checked_and_the_key_it_pinned_on_first_use() {
    Run run =
        verify(
            "--witness",
            first.uri().toString(),
            "--witness",
            second.uri() + "=" + second.keyId(),
            "--quorum",
            "2");

    assertEquals(0, run.exit(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(1).startsWith("verified: tree_size=0 "), run::toString);
    assertTrue(
        lines
            .get(2)
            .matches(
                "cosigned: witness_key_id="
                    + first.keyId()
                    + " url="
                    + first.uri()
                    + " cosigned_at=\\S+Z verified"),
        run::toString);
    assertTrue(lines.get(3).startsWith("cosigned: witness_key_id=" + second.keyId() + " url="));
    assertEquals(
        "quorum: 2 fresh cosignature(s) of distinct pinned witnesses, 2 required", lines.get(4));
    assertEquals(
        "paramant verify: pinned witness key "
            + first.keyId()
            + " for "
            + first.uri()
            + " (first use): compare it with the key id the witness's operator publishes\n",
        run.err(),
        "only the witness without a given key id is trusted on first use");

    Run again = verify("--witness", first.uri().toString());
    assertEquals(0, again.exit(), again::toString);
    assertEquals("", again.err(), "a pinned key is not reported again");
  }

  @Test
  void verify_without_witnesses_says_that_no_cosignature_was_checked() {
    Run run = verify();

    assertEquals(0, run.exit(), run::toString);
    assertTrue(
        run.out().contains("\nwitnesses: none configured, no cosignature checked"), run::out);
  }

  @Test
  void a_head_without_the_quorum_exits_1_and_commands_that_rely_on_it_too() {
    succeeds(as("bob", "keys", "register"));
    relay.editCosignatures((head, cosignatures) -> cosignatures.subList(0, 1));

    Run verify =
        verify(
            "--witness", first.uri().toString(), "--witness", second.uri() + "", "--quorum", "2");
    Run lookup =
        as(
            "alice",
            "keys",
            "show",
            "--peer",
            "bob",
            "--witness",
            first.uri().toString(),
            "--witness",
            second.uri().toString(),
            "--quorum",
            "2");

    assertEquals(1, verify.exit(), verify::toString);
    assertTrue(
        verify.err().contains("paramant verify: verification failed: too few witness cosignatures"),
        verify::toString);
    assertEquals(1, lookup.exit(), lookup::toString);
    assertTrue(lookup.err().contains("too few witness cosignatures"), lookup::toString);
    assertEquals("", lookup.out());
  }

  @Test
  void a_quorum_of_cosignatures_older_than_ten_minutes_exits_1_as_a_stale_head() {
    long old = System.currentTimeMillis() - Duration.ofMinutes(11).toMillis();
    relay.editCosignatures(
        (head, cosignatures) -> List.of(first.cosign(relay.origin(), head, old)));

    Run run = verify("--witness", first.uri().toString());

    assertEquals(1, run.exit(), run::toString);
    assertTrue(
        run.err().contains("verification failed: tree head not freshly cosigned"), run::toString);
  }

  @Test
  void a_head_cosigned_under_another_origin_counts_with_log_origin() {
    relay.serveOrigin("https://relay.example");

    Run without = verify("--witness", first.uri().toString());
    Run with = verify("--witness", first.uri().toString(), "--log-origin", "https://relay.example");

    assertEquals(1, without.exit(), without::toString);
    assertEquals(0, with.exit(), with::toString);
  }

  @Test
  void witness_options_that_cannot_work_are_usage_errors() {
    assertEquals(2, verify("--quorum", "1").exit(), "a quorum without witnesses");
    assertEquals(2, verify("--witness", first.uri().toString(), "--quorum", "2").exit());
    assertEquals(2, verify("--witness", first.uri().toString(), "--quorum", "0").exit());
    assertEquals(2, verify("--witness", first.uri() + "=abc").exit(), "a key id is 64 hex digits");
    assertEquals(2, verify("--witness", "ftp://witness.example/").exit());
    assertEquals(
        2,
        verify("--witness", first.uri().toString(), "--log-origin", "https://x.example/").exit());
    Run mistyped = verify("--witness", first.uri() + "=" + "0".repeat(64));
    assertEquals(1, mistyped.exit(), "a witness serving another key than the given id");
    assertTrue(mistyped.err().contains("witness key changed"), mistyped::toString);
  }

  // ------------------------------------------------------------------------------------------------

  private Run verify(String... args) {
    List<String> all = new ArrayList<>(List.of("verify", "--relay", relay.uri().toString()));
    all.addAll(List.of(args));
    all.addAll(List.of("--state-dir", temp.resolve("verifier").toString()));
    return run(all.toArray(String[]::new));
  }

  private Run as(String device, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--relay",
            relay.uri().toString(),
            "--key",
            FakeRelay.API_KEY,
            "--device",
            device,
            "--state-dir",
            temp.resolve(device).toString()));
    return run(all.toArray(String[]::new));
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Paramant.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run succeeds(Run run) {
    assertEquals(0, run.exit(), run::toString);
    return run;
  }
}
