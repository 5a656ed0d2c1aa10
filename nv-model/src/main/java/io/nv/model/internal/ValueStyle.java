package io.nv.model.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The Immutables style of nv's model values: generated classes stay package-private behind each
 * abstract type's nested {@code Builder} (the "sandwich"), list attributes get singular adders.
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
    jdkOnly = false)
public @interface ValueStyle {}
