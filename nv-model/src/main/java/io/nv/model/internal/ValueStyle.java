package io.nv.model.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The Immutables style of nv's model values, applied to a package through its {@code
 * package-info.java}: the generated {@code ImmutableX} stays package-private behind each abstract
 * type's nested {@code Builder} (the "sandwich"), so callers write {@code new X.Builder()} and see
 * only the abstract type; list attributes get singular adders ({@code addPort}).
 *
 * <pre>{@code
 * @ValueStyle
 * package io.nv.model.l2;
 * }</pre>
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE,
    depluralize = true,
    depluralizeDictionary = {
      "address:addresses",
      "switch:switches",
      "nat:nats",
      "policy:policies",
      "neighbour:neighbours",
      "backend:backends",
      "vip:vips",
      "encapsulation:encapsulations"
    },
    allParameters = false,
    defaultAsDefault = false,
    jdkOnly = false,
    // Generated code must compile in the named module: no Error Prone or javax annotations.
    allowedClasspathAnnotations = {Override.class})
public @interface ValueStyle {}
