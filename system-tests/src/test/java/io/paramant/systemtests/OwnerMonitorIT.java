package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/paramant keys monitor}, the owner's monitor, as a user runs it against the real relay
 * (the deployment is booted once for the whole run, see {@link Deployment}).
 *
 * <p>What an honest relay lets an attacker do: a second member of the victim's team (same device
 * namespace) registers the device id the victim is about to use, with her own keys. The relay
 * accepts the first registration of an id and logs it, so senders who look the id up get the
 * attacker's keys; the victim's own registration is then refused (409 {@code device_key_conflict})
 * and its monitor finds the attacker's leaf. Both are exit code 7. A relay that itself substitutes
 * a key it logged needs a lying relay, played by helper "adversary"'s proxy tests, not here.
 */
class OwnerMonitorIT {

  /** The line a clean scan prints (KeysMonitorCommand.describe). */
  private static final Pattern CLEAN =
      Pattern.compile(
          "checked (\\d+) leaves \\(index (\\d+) to (\\d+)\\) up to tree size (\\d+) of log"
              + " ([0-9a-f]{64}): no key substitution for (\\S+) \\((\\S+), fingerprint"
              + " ([0-9a-f]{64})\\)");

  private final URI relay = Deployment.baseUri(Deployment.MAIN);
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path temp;

  private record Run(int exit, String out, String err) {}

  private record Scan(long checked, long from, long last, long treeSize, String device) {}

  @Test
  void a_clean_scan_is_exit_0_and_the_next_scan_starts_where_it_stopped() {
    String key = Deployment.newAccount("pro").apiKey();
    String owner = "owner-" + suffix;
    String registered = succeeds(paramant(key, owner, "keys", "register")).out();

    Scan first = clean(succeeds(paramant(key, owner, "keys", "monitor")));
    // the log grows: another device of the account registers
    succeeds(paramant(key, "other-" + suffix, "keys", "register"));
    Scan second = clean(succeeds(paramant(key, owner, "keys", "monitor")));

    assertTrue(registered.startsWith("registered " + owner + " fingerprint "), registered);
    assertEquals(0, first.from(), "the first scan reads the log from index 0");
    assertEquals(first.treeSize(), first.checked());
    assertEquals(first.treeSize() - 1, first.last());
    assertEquals(owner, first.device());
    assertEquals(first.treeSize(), second.from(), "the second scan starts where the first stopped");
    assertTrue(second.treeSize() > first.treeSize(), second::toString);
    assertEquals(second.treeSize() - second.from(), second.checked());
  }

  @Test
  void a_team_member_who_registers_the_owners_device_id_first_is_reported_with_exit_7() {
    // two accounts of one team share the device namespace team:<team>
    String team = "team-" + suffix;
    TestAccount victim = Deployment.newAccount("pro", team);
    TestAccount mallory = Deployment.newAccount("pro", team);
    String device = "scanner-" + suffix;
    String planted = succeeds(paramant(mallory.apiKey(), device, "keys", "register")).out();
    Matcher fingerprint = Pattern.compile(" fingerprint ([0-9a-f]{64}) ").matcher(planted);
    assertTrue(fingerprint.find(), planted);
    String foreign = fingerprint.group(1);

    Run refused = paramant(victim.apiKey(), device, "keys", "register");
    Run monitored = paramant(victim.apiKey(), device, "keys", "monitor");

    assertEquals(7, refused.exit(), refused::toString);
    assertEquals("", refused.out());
    assertTrue(refused.err().contains("409 device_key_conflict"), refused::toString);
    assertTrue(refused.err().contains("fingerprint " + foreign), refused::toString);
    assertEquals(7, monitored.exit(), monitored::toString);
    assertEquals("", monitored.out());
    assertTrue(
        monitored.err().startsWith("paramant keys monitor: key substitution: "),
        monitored::toString);
    assertTrue(
        monitored
            .err()
            .contains("is a pubkey leaf for this device with the foreign fingerprint " + foreign),
        monitored::toString);
  }

  private static Scan clean(Run run) {
    Matcher line = CLEAN.matcher(run.out());
    assertTrue(line.find(), run::toString);
    return new Scan(
        Long.parseLong(line.group(1)),
        Long.parseLong(line.group(2)),
        Long.parseLong(line.group(3)),
        Long.parseLong(line.group(4)),
        line.group(6));
  }

  /** Runs {@code bin/paramant ARGS} as {@code device} (its own state directory) and waits. */
  private Run paramant(String key, String device, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.addAll(List.of(args));
    command.addAll(
        List.of(
            "--state-dir",
            temp.resolve(Integer.toHexString(key.hashCode()) + "-" + device).toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("PARAMANT_"));
    env.put("PARAMANT_RELAY", relay.toString());
    env.put("PARAMANT_KEY", key);
    env.put("PARAMANT_DEVICE", device);
    try {
      Path out = Files.createTempFile(temp, "paramant-", ".out");
      Path err = Files.createTempFile(temp, "paramant-", ".err");
      Process process =
          builder
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("paramant " + String.join(" ", args) + " did not finish");
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Run succeeds(Run run) {
    assertEquals(0, run.exit(), run::toString);
    return run;
  }
}
