package dev.kiln.driver.exec;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The interpreter providers by language, as found by {@link ServiceLoader} plus registrations. */
public final class Interpreters {
  private final Map<String, InterpreterProvider> providers = new TreeMap<>();

  /** The providers on {@code loader}'s class path. */
  public static Interpreters discover(ClassLoader loader) {
    Interpreters found = new Interpreters();
    for (InterpreterProvider p : ServiceLoader.load(InterpreterProvider.class, loader)) {
      found.register(p);
    }
    return found;
  }

  /** Adds (or replaces) the provider of its language. */
  public synchronized Interpreters register(InterpreterProvider provider) {
    providers.put(provider.language().toLowerCase(Locale.ROOT), provider);
    return this;
  }

  public synchronized Optional<InterpreterProvider> forLanguage(String language) {
    return Optional.ofNullable(
        language == null ? null : providers.get(language.toLowerCase(Locale.ROOT)));
  }

  public synchronized Set<String> languages() {
    return Set.copyOf(providers.keySet());
  }
}
