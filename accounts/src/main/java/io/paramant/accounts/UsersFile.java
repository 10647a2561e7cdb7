package io.paramant.accounts;

import io.paramant.licence.Edition;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The accounts of a deployment, {@code <PARAMANT_DATA>/users.json}, and the one writer of that
 * file: the admin console and {@code paramant admin --users-file} (which the launcher runs while
 * the console is down) both change it only through here.
 *
 * <p>Every change is one read–modify–write of the whole file under {@link UsersLock} ({@code
 * users.json.lock}), re-reading the file inside the lock, so a hand edit made between two changes
 * is kept and two writers acting at once both get their change in. The file is replaced atomically
 * and stays owner-only ({@link AtomicFile}); entries and fields this code does not know are kept.
 *
 * <p>New keys are {@code pgp_} and 64 hex digits from {@link SecureRandom} (256 bits); only their
 * SHA-256 is written, and the key is returned once, in {@link NewUser}. Adding or re-activating an
 * account beyond the edition's cap ({@link Edition#maxActiveUsers()}, 5 without a licence) is
 * refused with the same sentence wherever it happens.
 */
public final class UsersFile {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  /** The file's name in the data directory. */
  public static final String NAME = "users.json";

  /** How long a change waits for another writer unless told otherwise. */
  public static final Duration LOCK_WAIT = Duration.ofSeconds(30);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final Supplier<Edition> edition;
  private final UsersLock lock;
  private final Duration lockWait;
  private final Runnable whileWaiting;
  private final Consumer<String> afterWrite;

  private UsersFile(
      Path file,
      Supplier<Edition> edition,
      Duration lockWait,
      Runnable whileWaiting,
      Consumer<String> afterWrite) {
    this.file = file;
    this.edition = edition;
    this.lock = new UsersLock(file);
    this.lockWait = lockWait;
    this.whileWaiting = whileWaiting;
    this.afterWrite = afterWrite;
  }

  /** {@code <dataDir>/users.json}, capped by the edition in force at each change. */
  public static UsersFile in(Path dataDir, Supplier<Edition> edition) {
    return at(dataDir.resolve(NAME), edition);
  }

  /** The users file {@code file} (its lock is {@code <file>.lock} beside it). */
  public static UsersFile at(Path file, Supplier<Edition> edition) {
    return new UsersFile(
        Objects.requireNonNull(file, "file"),
        Objects.requireNonNull(edition, "edition"),
        LOCK_WAIT,
        () -> {},
        sha256 -> {});
  }

  /**
   * This file, waiting up to {@code wait} for another writer and running {@code whileWaiting} once
   * when it has to wait.
   */
  public UsersFile waitingForLock(Duration wait, Runnable whileWaiting) {
    if (wait.isNegative()) {
      throw new IllegalArgumentException("the lock wait must not be negative");
    }
    return new UsersFile(file, edition, wait, Objects.requireNonNull(whileWaiting), afterWrite);
  }

  /**
   * This file, telling {@code listener} the SHA-256 of the new file after each change that wrote it
   * (outside the lock).
   */
  public UsersFile afterWrite(Consumer<String> listener) {
    return new UsersFile(file, edition, lockWait, whileWaiting, Objects.requireNonNull(listener));
  }

  public Path path() {
    return file;
  }

  /** {@code users.json.lock}: the one lock of every writer of this file. */
  public Path lockPath() {
    return lock.path();
  }

  /**
   * All accounts, in file order; none without a file.
   *
   * @throws AccountsException {@code users_file_invalid}
   */
  public List<User> list() {
    return read().view();
  }

  /** The SHA-256 of the file's bytes as they are (valid or not), or {@code null} without a file. */
  public String sha256() {
    byte[] bytes = bytes();
    return bytes == null ? null : UsersJson.sha256(bytes);
  }

  /**
   * Adds an active account with a new key.
   *
   * @param team team id or {@code null}
   * @throws AccountsException {@code invalid_*}, {@code label_taken}, {@code edition_limit}, {@code
   *     users_file_invalid}, {@code users_file_busy}
   */
  public NewUser add(String label, String plan, String email, String team) {
    UserFields.requireLabel(label);
    Plan.require(plan);
    UserFields.requireEmail(email);
    UserFields.requireTeam(team);
    String key = newKey();
    String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    change(
        users -> {
          if (find(users, label).isPresent()) {
            throw new AccountsException(
                AccountsException.Kind.CONFLICT,
                "label_taken",
                "A user labelled '" + label + "' already exists.");
          }
          requireRoomForOneMore(users);
          JsonObjectBuilder entry =
              BUILDERS
                  .createObjectBuilder()
                  .add("label", label)
                  .add("plan", plan)
                  .add("email", email)
                  .add("active", true)
                  .add("key_sha256", UsersJson.sha256(key.getBytes(StandardCharsets.US_ASCII)))
                  .add("created", created);
          if (team != null) {
            entry.add("team", team);
          }
          List<JsonObject> next = new ArrayList<>(users);
          next.add(entry.build());
          return next;
        });
    return new NewUser(new User(label, plan, email, true, created, team), key);
  }

  /**
   * Deactivates an account (idempotent): every sector stops accepting its key.
   *
   * @throws AccountsException {@code not_found} for an unknown label
   */
  public User revoke(String label) {
    return update(label, entry -> BUILDERS.createObjectBuilder(entry).add("active", false).build());
  }

  /**
   * Re-activates an account (idempotent); it counts toward the edition's cap again.
   *
   * @throws AccountsException {@code not_found}, {@code edition_limit}
   */
  public User activate(String label) {
    UserFields.requireLabel(label);
    List<JsonObject> after =
        change(
            users -> {
              JsonObject entry = find(users, label).orElseThrow(() -> unknown(label));
              if (UsersJson.toUser(entry).active()) {
                return null;
              }
              requireRoomForOneMore(users);
              return replace(
                  users, label, BUILDERS.createObjectBuilder(entry).add("active", true).build());
            });
    return UsersJson.toUser(find(after, label).orElseThrow(() -> unknown(label)));
  }

  /**
   * Changes an account's plan.
   *
   * @throws AccountsException {@code not_found}, {@code invalid_plan}
   */
  public User changePlan(String label, String plan) {
    Plan.require(plan);
    return update(label, entry -> BUILDERS.createObjectBuilder(entry).add("plan", plan).build());
  }

  private User update(String label, Function<JsonObject, JsonObject> edit) {
    UserFields.requireLabel(label);
    List<JsonObject> after =
        change(
            users -> {
              JsonObject entry = find(users, label).orElseThrow(() -> unknown(label));
              JsonObject changed = edit.apply(entry);
              return changed.equals(entry) ? null : replace(users, label, changed);
            });
    return UsersJson.toUser(find(after, label).orElseThrow(() -> unknown(label)));
  }

  /**
   * One read–modify–write under the lock: {@code edit} returns the new entries, or {@code null} for
   * "nothing to change".
   *
   * @return the entries in the file afterwards
   */
  private List<JsonObject> change(Function<List<JsonObject>, List<JsonObject>> edit) {
    record Outcome(List<JsonObject> users, String written) {}
    Outcome outcome =
        lock.holding(
            lockWait,
            whileWaiting,
            () -> {
              UsersJson.Document document = read();
              List<JsonObject> next = edit.apply(document.users());
              if (next == null) {
                return new Outcome(document.users(), null);
              }
              byte[] bytes = UsersJson.encode(document.root(), next);
              AtomicFile.replace(file, bytes);
              return new Outcome(next, UsersJson.sha256(bytes));
            });
    if (outcome.written() != null) {
      afterWrite.accept(outcome.written());
    }
    return outcome.users();
  }

  private UsersJson.Document read() {
    byte[] bytes = bytes();
    if (bytes == null) {
      return UsersJson.Document.ABSENT;
    }
    try {
      return UsersJson.parse(bytes);
    } catch (InvalidUsersFile e) {
      throw refused(e);
    }
  }

  /**
   * The codec's refusal in the admin tools' words: the three refusals they always had keep their
   * sentences, the rest (the relays' stricter checks) name the entry.
   */
  private AccountsException refused(InvalidUsersFile e) {
    String detail =
        switch (e.kind()) {
          case NOT_AN_OBJECT -> file + " is not a JSON object";
          case NO_USERS_ARRAY -> file + " has no \"users\" array";
          case ENTRY_WITHOUT_LABEL -> file + " has an entry without a label";
          case INVALID_ENTRY -> file + " is refused by the relays (" + e.getMessage() + ")";
        };
    return new AccountsException(
        AccountsException.Kind.CONFLICT, "users_file_invalid", detail + "; fix it by hand first.");
  }

  private byte[] bytes() {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private void requireRoomForOneMore(List<JsonObject> users) {
    long active = users.stream().map(UsersJson::toUser).filter(User::active).count();
    int cap = edition.get().maxActiveUsers();
    if (active >= cap) {
      throw new AccountsException(
          AccountsException.Kind.EDITION_LIMIT,
          "edition_limit",
          String.format(
              Locale.ROOT,
              "This edition allows %d active users and %d are active: revoke one, or install a"
                  + " licence (PLK_KEY) for more.",
              cap,
              active));
    }
  }

  private static String newKey() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    try {
      return "pgp_" + HexFormat.of().formatHex(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static Optional<JsonObject> find(List<JsonObject> users, String label) {
    return users.stream().filter(u -> u.getString("label").equals(label)).findFirst();
  }

  private static List<JsonObject> replace(List<JsonObject> users, String label, JsonObject entry) {
    List<JsonObject> next = new ArrayList<>(users.size());
    for (JsonObject user : users) {
      next.add(user.getString("label").equals(label) ? entry : user);
    }
    return next;
  }

  private static AccountsException unknown(String label) {
    return new AccountsException(
        AccountsException.Kind.NOT_FOUND, "not_found", "No user labelled '" + label + "'.");
  }
}
