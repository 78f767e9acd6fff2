/**
 * Builds DOM without markup strings: `h('li', {class: 'x', dataset: {seq: 1}}, 'text', child)`.
 * Strings become text nodes, so nothing a user typed is ever parsed as HTML.
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs] `class`, `dataset`, `on<event>` handlers, other attributes
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'value') /** @type {any} */ (el).value = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A user id as people can tell ids apart: its first 8 characters. */
export function shortId(id) {
  return id ? String(id).slice(0, 8) : '?';
}

/** `HH:MM` in local time, or '' for a missing time. */
export function clock(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
