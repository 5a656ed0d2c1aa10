/** JSON exports of compilations, for tools and other dataplanes. */
@NullMarked
package io.nv.io.export;

import org.jspecify.annotations.NullMarked;
