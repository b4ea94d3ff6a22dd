package dev.kiln.driver.dbutils;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dbutils.widgets} of one context: text and dropdown widgets by name, whose value starts as
 * the default (a job run may bind values with {@link #bind}).
 */
public final class WidgetsUtils {
  /** A widget: its kind ({@code text}, {@code dropdown}), default, label, choices and value. */
  public record Widget(
      String name,
      String kind,
      String defaultValue,
      String label,
      List<String> choices,
      String value) {}

  private final Map<String, Widget> widgets = new LinkedHashMap<>();
  private final Map<String, String> bound = new LinkedHashMap<>();

  public synchronized void text(String name, String defaultValue, String label) {
    put(new Widget(name, "text", defaultValue, label, List.of(), valueOf(name, defaultValue)));
  }

  public void text(String name, String defaultValue) {
    text(name, defaultValue, null);
  }

  public synchronized void dropdown(
      String name, String defaultValue, String[] choices, String label) {
    List<String> list = Arrays.asList(choices.clone());
    if (!list.contains(defaultValue)) {
      throw new IllegalArgumentException(
          "Default value " + defaultValue + " is not one of the choices " + list);
    }
    put(new Widget(name, "dropdown", defaultValue, label, list, valueOf(name, defaultValue)));
  }

  public void dropdown(String name, String defaultValue, String[] choices) {
    dropdown(name, defaultValue, choices, null);
  }

  /** Scala's {@code dbutils.widgets.dropdown("w", "a", Seq("a", "b"), "label")}. */
  public void dropdown(
      String name, String defaultValue, scala.collection.Seq<String> choices, String label) {
    dropdown(
        name,
        defaultValue,
        scala.jdk.javaapi.CollectionConverters.asJava(choices).toArray(String[]::new),
        label);
  }

  public void dropdown(String name, String defaultValue, scala.collection.Seq<String> choices) {
    dropdown(name, defaultValue, choices, null);
  }

  /** The widget's value; fails as Databricks does when no widget has that name. */
  public synchronized String get(String name) {
    Widget w = widgets.get(name);
    if (w == null) {
      if (bound.containsKey(name)) {
        return bound.get(name);
      }
      throw new IllegalArgumentException(
          "InputWidgetNotDefined: No input widget named " + name + " is defined");
    }
    return w.value();
  }

  /** The widget's value, or {@code defaultValue} when there is none. */
  public synchronized String getArgument(String name, String defaultValue) {
    Widget w = widgets.get(name);
    if (w != null) {
      return w.value();
    }
    return bound.getOrDefault(name, defaultValue);
  }

  public String getArgument(String name) {
    return getArgument(name, null);
  }

  public synchronized void remove(String name) {
    if (widgets.remove(name) == null) {
      throw new IllegalArgumentException(
          "InputWidgetNotDefined: No input widget named " + name + " is defined");
    }
  }

  public synchronized void removeAll() {
    widgets.clear();
  }

  /** Sets values from outside (a job's parameters); they win over widgets' defaults. */
  public synchronized void bind(Map<String, String> values) {
    bound.putAll(values);
    values.forEach(
        (name, value) -> {
          Widget w = widgets.get(name);
          if (w != null) {
            widgets.put(
                name, new Widget(name, w.kind(), w.defaultValue(), w.label(), w.choices(), value));
          }
        });
  }

  public synchronized List<Widget> all() {
    return List.copyOf(widgets.values());
  }

  /**
   * The widgets as a JSON array of {@code {name, kind, label, value, default, choices}}: how the
   * web workspace reads a Scala context's widgets (the Python one reads {@link #all}).
   */
  public synchronized String toJson() {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (Widget w : widgets.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", w.name());
      m.put("kind", w.kind());
      m.put("label", w.label());
      m.put("value", w.value());
      m.put("default", w.defaultValue());
      m.put("choices", w.choices());
      out.add(m);
    }
    try {
      return JSON.writeValueAsString(out);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private String valueOf(String name, String defaultValue) {
    return bound.getOrDefault(name, defaultValue);
  }

  private void put(Widget w) {
    widgets.put(w.name(), w);
  }
}
