/**
 * A minimal event emitter, so the protocol module runs the same in a browser and in node
 * without depending on either's event classes.
 */
export class Emitter {
  /** @type {Map<string, Set<(value: any) => void>>} */
  #listeners = new Map();

  /**
   * @param {string} event
   * @param {(value: any) => void} listener
   * @returns {() => void} call it to remove the listener
   */
  on(event, listener) {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** @param {string} event @param {any} [value] */
  emit(event, value) {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(value);
      } catch (e) {
        // A faulty listener (UI code) must not break the protocol's own bookkeeping.
        console.error(`listener of '${event}' failed`, e);
      }
    }
  }
}
