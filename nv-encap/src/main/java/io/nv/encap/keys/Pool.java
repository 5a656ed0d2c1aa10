package io.nv.encap.keys;

import io.nv.encap.EncapErrorCode;
import io.nv.model.ModelPath;
import io.nv.model.validate.ModelError;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One key space being filled: pins first, then previous keys of survivors, then the lowest free key
 * for everything else in the order given (canonical id order).
 */
final class Pool {
  /**
   * An element that needs a key.
   *
   * @param id the element id
   * @param path where errors about it point
   * @param field the pin's field, counted from the path's first segment ({@code key}, or {@code
   *     ports[2].key} for a router port)
   * @param pin the key the document pins, if any
   * @param previous the key it had in the previous assignment, if any
   */
  record Item(
      String id, ModelPath path, String field, Optional<Integer> pin, @Nullable Integer previous) {}

  private Pool() {}

  /**
   * Assigns keys {@code 1..max}, but those in {@code reserved}, to {@code items}; the result is
   * aligned with {@code items} (0 where no key could be given, and then {@code errors} says why).
   *
   * @param what plural noun for messages ("datapaths", "ports of switch web")
   * @param owner where an exhaustion error points
   * @param ownerField the owner's field an exhaustion error points at, or null
   * @param space the space, for messages ("datapath keys of VXLAN (ovn-split)")
   * @param fix what an exhaustion error tells the user to do
   */
  static int[] assign(
      List<Item> items,
      int max,
      BitSet reserved,
      String what,
      ModelPath owner,
      @Nullable String ownerField,
      String space,
      String fix,
      List<ModelError> errors) {
    return assign(items, max, reserved, new BitSet(), what, owner, ownerField, space, fix, errors);
  }

  /**
   * As above, and newcomers (neither pinned nor keeping a previous key) also avoid {@code
   * avoided} while a key outside it is free.
   */
  static int[] assign(
      List<Item> items,
      int max,
      BitSet reserved,
      BitSet avoided,
      String what,
      ModelPath owner,
      @Nullable String ownerField,
      String space,
      String fix,
      List<ModelError> errors) {
    int[] keys = new int[items.size()];
    int free = max - reserved.cardinality();
    if (items.size() > free) {
      ModelError e =
          ModelError.of(
              EncapErrorCode.KEY_SPACE_EXHAUSTED,
              owner,
              items.size()
                  + " "
                  + what
                  + " need keys but the "
                  + space
                  + " are only "
                  + (free == max ? "1.." + max : free + " of 1.." + max)
                  + ": "
                  + fix);
      errors.add(ownerField == null ? e : e.at(ownerField));
    }
    BitSet taken = (BitSet) reserved.clone();
    Map<Integer, Item> pinnedBy = new HashMap<>();
    boolean pinErrors = false;
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      if (it.pin().isEmpty()) {
        continue;
      }
      int pin = it.pin().get();
      if (pin < 1 || pin > max) {
        errors.add(
            ModelError.of(
                    EncapErrorCode.KEY_OUT_OF_RANGE,
                    it.path(),
                    "pinned key "
                        + pin
                        + " is outside 1.."
                        + max
                        + ", the "
                        + space
                        + ": pin a key in range or remove the pin")
                .at(it.field()));
        pinErrors = true;
        continue;
      }
      Item first = pinnedBy.putIfAbsent(pin, it);
      if (first != null) {
        errors.add(
            ModelError.of(
                    EncapErrorCode.KEY_CONFLICT,
                    it.path(),
                    "pinned key "
                        + pin
                        + " is also pinned by "
                        + first.path()
                        + ": give each its own key or remove one pin")
                .at(it.field()));
        pinErrors = true;
        continue;
      }
      taken.set(pin);
      keys[i] = pin;
    }
    if (pinErrors || items.size() > free) {
      return keys;
    }
    for (int i = 0; i < items.size(); i++) {
      Integer prev = items.get(i).previous();
      if (keys[i] == 0 && prev != null && prev >= 1 && prev <= max && !taken.get(prev)) {
        taken.set(prev);
        keys[i] = prev;
      }
    }
    BitSet firstChoice = (BitSet) taken.clone();
    firstChoice.or(avoided);
    int next = 1;
    for (int i = 0; i < items.size(); i++) {
      if (keys[i] == 0) {
        int k = firstChoice.nextClearBit(next);
        if (k > max) {
          k = taken.nextClearBit(1); // every key outside the avoided ones is gone: share them
        } else {
          next = k;
        }
        taken.set(k);
        firstChoice.set(k);
        keys[i] = k;
      }
    }
    return keys;
  }
}
