package io.ecugateway.dbc;

import java.util.List;

/**
 * {@code BA_DEF_ [BU_|BO_|SG_|EV_] "name" INT|HEX|FLOAT|STRING|ENUM ...;} or, for relations, {@code
 * BA_DEF_REL_ [BU_SG_REL_|BU_EV_REL_|BU_BO_REL_] ...}.
 *
 * @param objectType {@code ""} for the database, else {@code BU_}, {@code BO_}, {@code SG_}, {@code
 *     EV_}, {@code BU_SG_REL_}, {@code BU_EV_REL_} or {@code BU_BO_REL_}
 * @param enumValues labels of an ENUM type, empty otherwise
 * @param defaultValue from {@code BA_DEF_DEF_} (resolved like a value), or null
 */
public record AttributeDefinition(
    String name,
    String objectType,
    Type type,
    double minimum,
    double maximum,
    List<String> enumValues,
    Object defaultValue) {

  public enum Type {
    INT,
    HEX,
    FLOAT,
    STRING,
    ENUM
  }

  public AttributeDefinition {
    enumValues = List.copyOf(enumValues);
  }

  AttributeDefinition withDefault(Object value) {
    return new AttributeDefinition(name, objectType, type, minimum, maximum, enumValues, value);
  }
}
