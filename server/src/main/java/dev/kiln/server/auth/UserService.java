package dev.kiln.server.auth;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Users of the workspace. Other areas hear of users through {@code onCreated} (a home folder) and
 * {@code onDeleted} (grants that named the user go, so a later user of that name inherits none).
 */
public final class UserService {
  /** User names are e-mail-like or plain logins; no slashes, since they name home folders. */
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._+@-]{1,255}");

  /** Names that mean groups in ACLs, or that cannot be folder names. */
  private static final Set<String> RESERVED = Set.of("users", "admins", ".", "..");

  private final Jdbi jdbi;
  private final Clock clock;
  private final Consumer<String> onCreated;
  private final Consumer<String> onDeleted;

  public UserService(
      Jdbi jdbi, Clock clock, Consumer<String> onCreated, Consumer<String> onDeleted) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.onCreated = onCreated;
    this.onDeleted = onDeleted;
  }

  public User create(String userName, String displayName, boolean admin, boolean active) {
    ApiException.required(userName, "userName");
    if (!USER_NAME.matcher(userName).matches()) {
      throw ApiException.invalid(
          "userName must be 1-255 characters of letters, digits and . _ + @ -: " + userName);
    }
    if (RESERVED.contains(userName.toLowerCase(Locale.ROOT))) {
      throw ApiException.invalid("userName '" + userName + "' is reserved");
    }
    User user =
        jdbi.inTransaction(
            h -> {
              UserDao dao = h.attach(UserDao.class);
              if (dao.byName(userName).isPresent()) {
                throw ApiException.alreadyExists("User " + userName + " already exists");
              }
              String display =
                  displayName == null || displayName.isBlank() ? userName : displayName;
              long id = dao.insert(userName, display, active, admin, clock.millis());
              return dao.byId(id).orElseThrow();
            });
    onCreated.accept(user.userName());
    return user;
  }

  public User get(long id) {
    return jdbi.withExtension(UserDao.class, dao -> dao.byId(id))
        .orElseThrow(() -> ApiException.notFound("User " + id + " does not exist"));
  }

  public User get(String idText) {
    try {
      return get(Long.parseLong(idText));
    } catch (NumberFormatException e) {
      throw ApiException.notFound("User " + idText + " does not exist");
    }
  }

  public java.util.Optional<User> byName(String userName) {
    return jdbi.withExtension(UserDao.class, dao -> dao.byName(userName));
  }

  public List<User> all() {
    return jdbi.withExtension(UserDao.class, UserDao::all);
  }

  public boolean isEmpty() {
    return jdbi.withExtension(UserDao.class, UserDao::count) == 0;
  }

  /**
   * Deletes a user and, with them, their tokens. An admin cannot delete themselves. Grants go
   * before the user does: a crash in between leaves a user without grants, never a stale grant.
   */
  public void delete(Principal caller, long id) {
    if (caller.userId() == id) {
      throw ApiException.invalid("You cannot delete your own user");
    }
    onDeleted.accept(get(id).userName());
    if (jdbi.withExtension(UserDao.class, dao -> dao.delete(id)) == 0) {
      throw ApiException.notFound("User " + id + " does not exist");
    }
  }
}
