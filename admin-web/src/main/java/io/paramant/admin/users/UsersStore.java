package io.paramant.admin.users;

import io.paramant.admin.AdminException;
import io.paramant.admin.edition.EditionService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The accounts of the deployment: {@code <paramant.data>/users.json}, which this console is the one
 * writer of (the admin CLI and the launcher's {@code user} commands go through its API while it
 * runs).
 *
 * <p>Every change is read–modify–write of the whole file under one lock: a lock within this JVM,
 * and an exclusive lock on {@code users.json.lock} against another process (a second console) on
 * the same data directory. The file is re-read inside the lock, so a hand edit made between two
 * changes is kept, and two admins acting at once both get their change in (no lost update).
 *
 * <p>New keys: {@code pgp_} and 64 hex digits from {@link SecureRandom} (256 bits); only their
 * SHA-256 is written. The key is returned once, in {@link NewUser}.
 */
@ApplicationScoped
public class UsersStore {

  /**
   * Labels and team ids (a team is often named after its lead's label): the launcher's rule, and
   * the relays' ({@code io.paramant.relay.accounts.Account#isValidLabel}, a module this WAR does
   * not ship).
   */
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,189}");
  private static final System.Logger LOG = System.getLogger(UsersStore.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.data", defaultValue = "./data")
  String dataRoot;

  @Inject EditionService edition;

  @Inject Event<UsersChanged> changes;

  /**
   * One lock per users file in this JVM (file locks are per process: a second holder in the same
   * JVM would get an OverlappingFileLockException instead of waiting).
   */
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private ReentrantLock lock;
  private final SecureRandom random = new SecureRandom();
  private UsersFile file;
  private Path lockFile;
  private IntSupplier maxActiveUsers;

  /** For the container. */
  public UsersStore() {}

  /** For tests without a container. */
  UsersStore(Path dataRoot, IntSupplier maxActiveUsers) {
    this.dataRoot = dataRoot.toString();
    this.maxActiveUsers = maxActiveUsers;
    start();
  }

  @PostConstruct
  void start() {
    Path root = Path.of(dataRoot);
    file = new UsersFile(root.resolve("users.json"));
    lockFile = root.resolve("users.json.lock");
    lock =
        LOCKS.computeIfAbsent(
            root.toAbsolutePath().normalize().resolve("users.json"), p -> new ReentrantLock(true));
    if (maxActiveUsers == null) {
      maxActiveUsers = () -> edition.current().maxActiveUsers();
    }
  }

  /** All accounts, in file order. */
  public List<User> list() {
    return file.read().view();
  }

  /** The SHA-256 of users.json as it is now, or {@code null} when there is none yet. */
  public String sha256() {
    return file.sha256();
  }

  /** The users file (for messages). */
  public Path path() {
    return file.path();
  }

  /**
   * Adds an active account with a new key.
   *
   * @param team team id or {@code null}
   * @throws AdminException 400 for a bad label/plan/email/team, 409 {@code label_taken}, 402 {@code
   *     edition_limit} when the edition's active-user cap is reached
   */
  public NewUser add(String label, String plan, String email, String team) {
    requireLabel(label);
    Plans.require(plan);
    if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
      throw AdminException.invalid(
          "invalid_email", "email must be an address like alice@example.com.");
    }
    if (team != null && !LABEL.matcher(team).matches()) {
      throw AdminException.invalid(
          "invalid_team", "team must be 1-64 letters, digits, '.', '_', '@' or '-'.");
    }
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String key = "pgp_" + HexFormat.of().formatHex(raw);
    java.util.Arrays.fill(raw, (byte) 0);
    String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    change(
        users -> {
          if (find(users, label).isPresent()) {
            throw new AdminException(
                409, "label_taken", "A user labelled '" + label + "' already exists.");
          }
          requireRoomForOneMore(users);
          JsonObjectBuilder entry =
              Json.createObjectBuilder()
                  .add("label", label)
                  .add("plan", plan)
                  .add("email", email)
                  .add("active", true)
                  .add("key_sha256", UsersFile.sha256(key.getBytes(StandardCharsets.US_ASCII)))
                  .add("created", created);
          if (team != null) {
            entry.add("team", team);
          }
          List<JsonObject> next = new ArrayList<>(users);
          next.add(entry.build());
          return next;
        });
    LOG.log(Level.INFO, "Added user {0} (plan {1})", label, plan);
    return new NewUser(new User(label, plan, email, true, created, team), key);
  }

  /**
   * Deactivates an account (idempotent): every sector stops accepting its key after the reload.
   *
   * @throws AdminException 404 for an unknown label
   */
  public User revoke(String label) {
    User user = update(label, entry -> Json.createObjectBuilder(entry).add("active", false));
    LOG.log(Level.INFO, "Revoked user {0}", label);
    return user;
  }

  /**
   * Re-activates an account (idempotent); it counts toward the edition's cap again.
   *
   * @throws AdminException 404 for an unknown label, 402 at the cap
   */
  public User activate(String label) {
    requireLabel(label);
    change(
        users -> {
          JsonObject entry = find(users, label).orElseThrow(() -> unknown(label));
          if (UsersFile.toUser(entry).active()) {
            return null;
          }
          requireRoomForOneMore(users);
          return replace(users, label, Json.createObjectBuilder(entry).add("active", true).build());
        });
    LOG.log(Level.INFO, "Re-activated user {0}", label);
    return user(label);
  }

  /**
   * Changes an account's plan.
   *
   * @throws AdminException 404 for an unknown label, 400 for an unknown plan
   */
  public User changePlan(String label, String plan) {
    Plans.require(plan);
    User user = update(label, entry -> Json.createObjectBuilder(entry).add("plan", plan));
    LOG.log(Level.INFO, "User {0} now has plan {1}", label, plan);
    return user;
  }

  private User user(String label) {
    return list().stream()
        .filter(u -> u.label().equals(label))
        .findFirst()
        .orElseThrow(() -> unknown(label));
  }

  private User update(String label, Function<JsonObject, JsonObjectBuilder> edit) {
    requireLabel(label);
    change(
        users -> {
          JsonObject entry = find(users, label).orElseThrow(() -> unknown(label));
          JsonObject changed = edit.apply(entry).build();
          return changed.equals(entry) ? null : replace(users, label, changed);
        });
    return user(label);
  }

  /**
   * Runs one read–modify–write under the lock; {@code edit} returns the new entries, or {@code
   * null} for "nothing to change".
   */
  private void change(Function<List<JsonObject>, List<JsonObject>> edit) {
    String written;
    lock.lock();
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      UsersFile.Snapshot snapshot = file.read();
      List<JsonObject> next = edit.apply(snapshot.users());
      if (next == null) {
        return;
      }
      written = file.write(snapshot.root(), next);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    } finally {
      lock.unlock();
    }
    if (changes != null) {
      changes.fire(new UsersChanged(written));
    }
  }

  private void requireRoomForOneMore(List<JsonObject> users) {
    long active = users.stream().map(UsersFile::toUser).filter(User::active).count();
    int cap = maxActiveUsers.getAsInt();
    if (active >= cap) {
      throw new AdminException(
          402,
          "edition_limit",
          String.format(
              Locale.ROOT,
              "This edition allows %d active users and %d are active: revoke one, or install a"
                  + " licence (PLK_KEY) for more.",
              cap,
              active));
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

  private static void requireLabel(String label) {
    if (label == null || !LABEL.matcher(label).matches()) {
      throw AdminException.invalid(
          "invalid_label", "label must be 1-64 letters, digits, '.', '_', '@' or '-'.");
    }
  }

  private static AdminException unknown(String label) {
    return AdminException.notFound("No user labelled '" + label + "'.");
  }
}
