package io.paramant.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's pages read records only through method calls, so that they render on Payara 6
 * (Expression Language 5: properties are {@code getX()} methods) and on Payara 7 (EL 6: a record's
 * properties are its components only, a {@code getX()} method on a record is not one). The loop
 * variables of the pages ({@code var="row"}, {@code var="team"}, {@code var="u"}...) all hold
 * records (DashboardBacking.Row, TeamsBacking.Team, accounts' User): {@code #{row.name}} fails on
 * one line or the other, {@code #{row.name()}} works on both.
 */
class PageExpressionsTest {

  private static final Path WEBAPP = Path.of("src/main/webapp");
  private static final Pattern VAR = Pattern.compile("\\bvar=\"(\\w+)\"");
  private static final Pattern EXPRESSION = Pattern.compile("#\\{([^}]*)}");

  @Test
  void loop_variables_are_read_with_method_calls_only() throws IOException {
    List<String> pages;
    try (Stream<Path> files = Files.walk(WEBAPP)) {
      pages = files.filter(p -> p.toString().endsWith(".xhtml")).map(Path::toString).toList();
    }
    assertFalse(pages.isEmpty(), "no pages found under " + WEBAPP.toAbsolutePath());
    List<String> offending = new ArrayList<>();
    for (String page : pages) {
      String text = Files.readString(Path.of(page));
      Matcher vars = VAR.matcher(text);
      while (vars.find()) {
        Pattern property = Pattern.compile("\\b" + vars.group(1) + "\\.(\\w+)\\b(?!\\s*\\()");
        Matcher expressions = EXPRESSION.matcher(text);
        while (expressions.find()) {
          Matcher use = property.matcher(expressions.group(1));
          while (use.find()) {
            offending.add(page + ": " + expressions.group());
          }
        }
      }
    }
    assertEquals(List.of(), offending, "record properties read as bean properties");
  }

  @Test
  void the_records_of_the_pages_have_no_bean_getters() {
    List<String> getters = new ArrayList<>();
    for (Class<?> record : List.of(DashboardBacking.Row.class, TeamsBacking.Team.class)) {
      for (Method m : record.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && m.getName().matches("(get|is)[A-Z].*")) {
          getters.add(record.getSimpleName() + "." + m.getName());
        }
      }
    }
    assertEquals(List.of(), getters, "a getX() on a record is no property on EL 6 (Payara 7)");
  }
}
