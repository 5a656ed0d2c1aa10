package io.nv.model.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
<<<<<<< HEAD
 * The Immutables style of nv's model values: generated classes stay package-private behind each
 * abstract type's nested {@code Builder} (the "sandwich"), list attributes get singular adders.
=======
 * The Immutables style of nv's model values, applied to a package through its {@code
 * package-info.java}: the generated {@code ImmutableX} stays package-private, callers write {@code
 * new X.Builder()} and see only the abstract type; {@code with*} copies are hand-written where a
 * value needs them, so none are generated.
 *
 * <pre>{@code
 * @ValueStyle
 * package io.nv.model.packet;
 * }</pre>
>>>>>>> f9405a1
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
<<<<<<< HEAD
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
    jdkOnly = false)
=======
    defaults = @Value.Immutable(copy = false),
    // Generated code must compile in the named module: no Error Prone or javax annotations.
    allowedClasspathAnnotations = {Override.class})
>>>>>>> f9405a1
public @interface ValueStyle {}
