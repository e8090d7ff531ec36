package io.reelay.app.docker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The metrics a PromQL expression reads, with the labels its selectors match on, and the labels it
 * groups or matches by. A small tokenizer, not a PromQL parser: no PromQL parser for Java was found
 * among the Maven artifacts served here (Prometheus's own is Go), and what the checks need is only
 * which identifiers are metric names. An identifier is a metric name unless it is followed by "(" (a function or an
 * aggregation), is a keyword, or stands in a label list ({...}, by (...), on (...)). Strings,
 * numbers, durations, ranges ([5m], [$__rate_interval]) and Grafana variables are skipped.
 */
public final class PromQlSelectors {

  /** A metric read by the expression and the label names its matchers use. */
  public record Selector(String metric, Set<String> labels) {}

  /** What an expression reads: its selectors and the labels of its by/without/on/ignoring/group_x lists. */
  public record Reads(List<Selector> selectors, Set<String> groupingLabels) {
    public Set<String> metrics() {
      Set<String> metrics = new LinkedHashSet<>();
      selectors.forEach(selector -> metrics.add(selector.metric()));
      return metrics;
    }
  }

  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2", "start", "end");
  /** Aggregations may be written `sum by (x) (...)`, with the "(" not right after the name. */
  private static final Set<String> AGGREGATIONS =
      Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
          "quantile", "limitk", "limit_ratio");
  private static final Set<String> MATCH_OPERATORS = Set.of("=", "!=", "=~", "!~");

  private enum Kind { IDENTIFIER, STRING, NUMBER, VARIABLE, PUNCTUATION }

  private record Token(Kind kind, String text) {
    boolean is(String punctuation) {
      return kind == Kind.PUNCTUATION && text.equals(punctuation);
    }
  }

  private PromQlSelectors() {}

  public static Reads of(String expression) {
    List<Token> tokens = tokenize(expression);
    List<Selector> selectors = new ArrayList<>();
    Set<String> grouping = new LinkedHashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      boolean callFollows = i + 1 < tokens.size() && tokens.get(i + 1).is("(");
      boolean matchersFollow = i + 1 < tokens.size() && tokens.get(i + 1).is("{");
      if (token.is("{")) {
        // a selector without a name in front: {__name__="x", ...}
        Set<String> labels = new LinkedHashSet<>();
        String[] name = new String[1];
        i = readMatchers(tokens, i, labels, name);
        if (name[0] != null) {
          labels.remove("__name__");
          selectors.add(new Selector(name[0], labels));
        }
      } else if (token.kind() != Kind.IDENTIFIER) {
        continue;
      } else if (LABEL_LIST_KEYWORDS.contains(token.text().toLowerCase()) && callFollows) {
        i = readLabelList(tokens, i + 1, grouping);
      } else if (callFollows
          || KEYWORDS.contains(token.text().toLowerCase())
          || LABEL_LIST_KEYWORDS.contains(token.text().toLowerCase())
          || AGGREGATIONS.contains(token.text().toLowerCase())) {
        continue;
      } else {
        Set<String> labels = new LinkedHashSet<>();
        if (matchersFollow) {
          i = readMatchers(tokens, i + 1, labels, new String[1]);
          labels.remove("__name__");
        }
        selectors.add(new Selector(token.text(), labels));
      }
    }
    return new Reads(selectors, grouping);
  }

  /** Reads {name op "value", ...} from the "{" at {@code open}; answers the index of its "}". */
  private static int readMatchers(List<Token> tokens, int open, Set<String> labels, String[] metricName) {
    int i = open + 1;
    for (; i < tokens.size() && !tokens.get(i).is("}"); i++) {
      Token token = tokens.get(i);
      if ((token.kind() == Kind.IDENTIFIER || token.kind() == Kind.STRING)
          && i + 2 < tokens.size()
          && tokens.get(i + 1).kind() == Kind.PUNCTUATION
          && MATCH_OPERATORS.contains(tokens.get(i + 1).text())) {
        labels.add(token.text());
        if (token.text().equals("__name__") && tokens.get(i + 1).is("=")) {
          metricName[0] = tokens.get(i + 2).text();
        }
        i += 2;
      }
    }
    return i;
  }

  /** Reads (label, ...) from the "(" at {@code open}; answers the index of its ")". */
  private static int readLabelList(List<Token> tokens, int open, Set<String> labels) {
    int i = open + 1;
    for (; i < tokens.size() && !tokens.get(i).is(")"); i++) {
      if (tokens.get(i).kind() == Kind.IDENTIFIER) {
        labels.add(tokens.get(i).text());
      }
    }
    return i;
  }

  private static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        while (j < text.length() && text.charAt(j) != c) {
          if (text.charAt(j) == '\\' && c != '`' && j + 1 < text.length()) {
            j++;
          }
          value.append(text.charAt(j++));
        }
        tokens.add(new Token(Kind.STRING, value.toString()));
        i = j + 1;
      } else if (c == '[') {
        // a range or subquery: durations and Grafana's $__rate_interval, never a metric
        int close = text.indexOf(']', i);
        i = close < 0 ? text.length() : close + 1;
      } else if (c == '$') {
        int j = i + 1;
        if (j < text.length() && text.charAt(j) == '{') {
          int close = text.indexOf('}', j);
          j = close < 0 ? text.length() : close + 1;
        } else {
          while (j < text.length() && isIdentifierPart(text.charAt(j))) {
            j++;
          }
        }
        tokens.add(new Token(Kind.VARIABLE, text.substring(i, j)));
        i = j;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
        // numbers and durations (1e6, 0.95, 5m, 1h30m)
        int j = i;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '.' || text.charAt(j) == '_')) {
          j++;
        }
        tokens.add(new Token(Kind.NUMBER, text.substring(i, j)));
        i = j;
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int j = i;
        while (j < text.length() && isIdentifierPart(text.charAt(j))) {
          j++;
        }
        tokens.add(new Token(Kind.IDENTIFIER, text.substring(i, j)));
        i = j;
      } else {
        String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
        if (Set.of("==", "!=", "=~", "!~", ">=", "<=").contains(two)) {
          tokens.add(new Token(Kind.PUNCTUATION, two));
          i += 2;
        } else {
          tokens.add(new Token(Kind.PUNCTUATION, String.valueOf(c)));
          i++;
        }
      }
    }
    return tokens;
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }
}
