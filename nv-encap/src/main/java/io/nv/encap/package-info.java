/** nv's encapsulation stage: the error codes shared by its packages. */
@NullMarked
package io.nv.encap;

import org.jspecify.annotations.NullMarked;
