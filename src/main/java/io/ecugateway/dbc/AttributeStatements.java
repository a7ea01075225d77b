package io.ecugateway.dbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Attribute statements: definitions ({@code BA_DEF_}, {@code BA_DEF_REL_}), defaults ({@code
 * BA_DEF_DEF_}, {@code BA_DEF_DEF_REL_}) and values ({@code BA_}, {@code BA_REL_}).
 */
final class AttributeStatements {
  private AttributeStatements() {}

  /**
   * {@code BA_DEF_ [BU_|BO_|SG_|EV_] "name" INT min max | HEX min max | FLOAT min max | STRING |
   * ENUM "a","b" ;}
   */
  static final Statement DEFINITION =
      (t, b, line) -> define(t, b, List.of("BU_", "BO_", "SG_", "EV_"), "BA_DEF_");

  /** {@code BA_DEF_REL_ [BU_EV_REL_|BU_BO_REL_|BU_SG_REL_] "name" type ;} */
  static final Statement RELATION_DEFINITION =
      (t, b, line) ->
          define(t, b, List.of("BU_EV_REL_", "BU_BO_REL_", "BU_SG_REL_"), "BA_DEF_REL_");

  /** {@code BA_DEF_DEF_ "name" value ;} (also {@code BA_DEF_DEF_REL_}). */
  static final Statement DEFAULT =
      (t, b, line) -> {
        String name = t.string("attribute name");
        b.attributeDefaults.put(name, value(t));
        t.endStatement("BA_DEF_DEF_", b);
      };

  /** {@code BA_ "name" [BU_ node | BO_ id | SG_ id signal | EV_ name] value ;} */
  static final Statement VALUE =
      (t, b, line) -> {
        String name = t.string("attribute name");
        if (t.isWord("BU_")) {
          t.advance();
          String node = t.word("node name");
          b.nodeAttributes.computeIfAbsent(node, k -> new LinkedHashMap<>()).put(name, value(t));
        } else if (t.isWord("BO_")) {
          t.advance();
          long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
          b.messageAttributes.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(name, value(t));
          b.reference("BA_ \"" + name + "\" BO_", id, null, line);
        } else if (t.isWord("SG_")) {
          t.advance();
          long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
          String signal = t.word("signal name");
          b.signalAttributes
              .computeIfAbsent(new DbcBuilder.SigKey(id, signal), k -> new LinkedHashMap<>())
              .put(name, value(t));
          b.reference("BA_ \"" + name + "\" SG_", id, signal, line);
        } else if (t.isWord("EV_")) {
          t.advance();
          String env = t.word("environment variable name");
          b.envAttributes.computeIfAbsent(env, k -> new LinkedHashMap<>()).put(name, value(t));
        } else {
          b.databaseAttributes.put(name, value(t));
        }
        if (!b.attributeDefinitions.containsKey(name)) {
          b.warn(line, "attribute \"" + name + "\" is not defined (no BA_DEF_)");
        }
        t.endStatement("BA_", b);
      };

  /**
   * {@code BA_REL_ "name" BU_SG_REL_ node SG_ id signal value ;} (also {@code BU_EV_REL_ node env}
   * and {@code BU_BO_REL_ node id}). Relation values are checked and skipped: nothing downstream
   * uses them.
   */
  static final Statement RELATION_VALUE =
      (t, b, line) -> {
        t.string("attribute name");
        String kind = t.word("BU_SG_REL_, BU_EV_REL_ or BU_BO_REL_");
        t.word("node name");
        switch (kind) {
          case "BU_SG_REL_" -> {
            if (!t.isWord("SG_")) {
              throw t.error("SG_");
            }
            t.advance();
            long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
            b.reference("BA_REL_", id, t.word("signal name"), line);
          }
          case "BU_EV_REL_" -> t.word("environment variable name");
          case "BU_BO_REL_" ->
              b.reference("BA_REL_", t.integer("message identifier", 0, 0xFFFF_FFFFL), null, line);
          default ->
              throw new DbcSyntaxException(
                  b.source(), line, 1, "BU_SG_REL_, BU_EV_REL_ or BU_BO_REL_", "'" + kind + "'");
        }
        value(t);
        t.endStatement("BA_REL_", b);
      };

  private static void define(DbcTokens t, DbcBuilder b, List<String> objectTypes, String statement)
      throws DbcSyntaxException {
    String objectType = "";
    if (t.isWord() && objectTypes.contains(t.text())) {
      objectType = t.word("object type");
    }
    String name = t.string("attribute name");
    String typeWord = t.word("attribute type (INT, HEX, FLOAT, STRING or ENUM)");
    AttributeDefinition.Type type;
    try {
      type = AttributeDefinition.Type.valueOf(typeWord);
    } catch (IllegalArgumentException e) {
      throw new DbcSyntaxException(
          b.source(),
          t.line(),
          1,
          "attribute type (INT, HEX, FLOAT, STRING or ENUM)",
          "'" + typeWord + "'");
    }
    double min = 0;
    double max = 0;
    List<String> enumValues = new ArrayList<>();
    switch (type) {
      case INT, HEX, FLOAT -> {
        if (t.isNumber()) {
          min = t.number("minimum");
          max = t.number("maximum");
        }
      }
      case ENUM -> {
        while (t.isString() || t.isPunct(',')) {
          if (!t.optionalPunct(',')) {
            enumValues.add(t.string("enum value"));
          }
        }
      }
      case STRING -> {}
    }
    b.attributeDefinitions.put(
        name, new AttributeDefinition(name, objectType, type, min, max, enumValues, null));
    t.endStatement(statement, b);
  }

  /** A number (Long when integral as written, else Double) or a string. */
  static Object value(DbcTokens t) throws DbcSyntaxException {
    if (t.isString()) {
      return t.string("attribute value");
    }
    if (t.isWord() && DbcTokens.isDecimal(t.text())) {
      String w = t.text();
      int digitsFrom = (w.startsWith("-") || w.startsWith("+")) ? 1 : 0;
      if (DbcTokens.allDigits(w, digitsFrom) && w.length() - digitsFrom <= 18) {
        return t.signedInteger("attribute value");
      }
      return t.number("attribute value");
    }
    throw t.error("attribute value (number or string)");
  }
}
