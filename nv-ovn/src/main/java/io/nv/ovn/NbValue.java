package io.nv.ovn;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * The value of one column of an NB row, in the terms of RFC 7047: an atom (string, integer,
 * boolean), a reference to another row of the same export (a {@code named-uuid}), a set or a map of
 * atoms. Sets and maps keep the order they were built in, so writing them is deterministic.
 *
 * <pre>{@code
 * NbValue name = NbValue.of("web");
 * NbValue ports = NbValue.set(NbValue.ref("lsp_web1"), NbValue.ref("lsp_web2"));
 * NbValue ids = NbValue.map(Map.of("nv-path", "switch web / acl a1"));
 * }</pre>
 */
public sealed interface NbValue {
  /** A string atom. */
  static NbValue of(String s) {
    return new Str(s);
  }

  /** An integer atom. */
  static NbValue of(long n) {
    return new Int(n);
  }

  /** A boolean atom. */
  static NbValue of(boolean b) {
    return new Bool(b);
  }

  /** A reference to the row inserted with uuid-name {@code uuidName}. */
  static NbValue ref(String uuidName) {
    return new Ref(uuidName);
  }

  /** A set of atoms or references, in this order. */
  static NbValue set(NbValue... members) {
    return new SetOf(ImmutableList.copyOf(members));
  }

  /** A set of atoms or references, in this order. */
  static NbValue set(Iterable<? extends NbValue> members) {
    return new SetOf(ImmutableList.copyOf(members));
  }

  /** A set of strings, in this order. */
  static NbValue strings(Iterable<String> members) {
    ImmutableList.Builder<NbValue> b = ImmutableList.builder();
    members.forEach(m -> b.add(new Str(m)));
    return new SetOf(b.build());
  }

  /** A map of strings, in the iteration order of {@code entries}. */
  static NbValue map(Map<String, String> entries) {
    return new MapOf(ImmutableMap.copyOf(entries));
  }

  /**
   * A string atom.
   *
   * @param value the string
   */
  record Str(String value) implements NbValue {}

  /**
   * An integer atom.
   *
   * @param value the integer
   */
  record Int(long value) implements NbValue {}

  /**
   * A boolean atom.
   *
   * @param value the boolean
   */
  record Bool(boolean value) implements NbValue {}

  /**
   * A reference to a row of the same export, by its uuid-name.
   *
   * @param uuidName the {@code uuid-name} of the referenced row's insert
   */
  record Ref(String uuidName) implements NbValue {}

  /**
   * A set; its members are atoms or references.
   *
   * @param members the members, in writing order
   */
  record SetOf(ImmutableList<NbValue> members) implements NbValue {
    /** Sets hold atoms and references only. */
    public SetOf {
      for (NbValue m : members) {
        if (m instanceof SetOf || m instanceof MapOf) {
          throw new IllegalArgumentException("an OVSDB set holds atoms, not " + m);
        }
      }
    }
  }

  /**
   * A map from string to string.
   *
   * @param entries the entries, in writing order
   */
  record MapOf(ImmutableMap<String, String> entries) implements NbValue {}
}
