/**
 * A value shared by this origin's tabs that a tab reads consistently right after another wrote
 * it: IndexedDB, whose transactions one backend serializes. `localStorage` is not enough for the
 * refresh token: Chromium hands other tabs its changes asynchronously, so a tab that takes the
 * refresh lock just after another released it may still read the rotated-out token, and presenting
 * that revokes the whole login.
 *
 * @typedef {object} SharedStore
 * @property {(key: string) => Promise<any>} get
 * @property {(key: string, value: any) => Promise<void>} set a null value deletes
 */

/** @returns {SharedStore | null} null where IndexedDB is missing or blocked */
export function indexedDbStore(idb = /** @type {any} */ (globalThis).indexedDB) {
  if (!idb) return null;
  /** @type {Promise<IDBDatabase> | null} */
  let opened = null;
  const db = () => {
    opened ??= new Promise((resolve, reject) => {
      const req = idb.open('parley', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('kv');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return opened;
  };
  const run = async (mode, fn) => {
    const tx = (await db()).transaction('kv', mode);
    const req = fn(tx.objectStore('kv'));
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  };
  return {
    get: (key) => run('readonly', (s) => s.get(key)).then((v) => v ?? null),
    set: (key, value) => run('readwrite', (s) => (value == null ? s.delete(key) : s.put(value, key))).then(() => {}),
  };
}
