package io.ecugateway.stream;

import java.util.Locale;

/**
 * A case-insensitive wildcard pattern as users type it in subscriptions: {@code *} matches any run
 * of characters, {@code ?} exactly one; everything else is literal. Matching is iterative with
 * single-star backtracking, so no pattern can make it take more than O(pattern × text) steps.
 */
public final class GlobPattern {
  private static final GlobPattern ANY = new GlobPattern("*");

  private final String pattern;
  private final String lower;
  private final boolean matchesAll;
  private final boolean literal;

  private GlobPattern(String pattern) {
    this.pattern = pattern;
    this.lower = pattern.toLowerCase(Locale.ROOT);
    this.matchesAll = !lower.isEmpty() && lower.chars().allMatch(c -> c == '*');
    this.literal = lower.indexOf('*') < 0 && lower.indexOf('?') < 0;
  }

  /** A null or empty pattern means "everything". */
  public static GlobPattern of(String pattern) {
    if (pattern == null || pattern.isEmpty() || pattern.equals("*")) {
      return ANY;
    }
    return new GlobPattern(pattern);
  }

  public static GlobPattern any() {
    return ANY;
  }

  public boolean matches(String text) {
    if (matchesAll) {
      return true;
    }
    if (text == null) {
      return false;
    }
    if (literal) {
      return lower.equalsIgnoreCase(text);
    }
    return wildcardMatch(lower, text);
  }

  private static boolean wildcardMatch(String p, String text) {
    int pi = 0;
    int ti = 0;
    int starP = -1;
    int starT = 0;
    while (ti < text.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == lowerChar(text, ti))) {
        pi++;
        ti++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        starP = pi++;
        starT = ti;
      } else if (starP >= 0) {
        pi = starP + 1;
        ti = ++starT;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  private static char lowerChar(String s, int i) {
    return Character.toLowerCase(s.charAt(i));
  }

  @Override
  public String toString() {
    return pattern;
  }
}
