/** Firewalling: ACL rules, address sets, port groups and default-deny. */
@NullMarked
@ValueStyle
package io.nv.model.acl;

import io.nv.model.internal.ValueStyle;
import org.jspecify.annotations.NullMarked;
