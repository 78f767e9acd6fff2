/**
 * A deliberately tiny Markdown subset rendered SAFELY: every piece of message text becomes a text
 * node (`createTextNode` / `textContent`), never markup, so `<img onerror=…>` or `<script>` in a
 * body is shown as the characters it is. Supported: `**bold**`, `*italic*` / `_italic_`,
 * `` `code` ``, `[label](https://…)` and bare http(s) URLs (links open in a new tab with
 * `rel="noopener noreferrer"`; any other scheme, `javascript:` included, stays plain text), and
 * line breaks. Takes the document as a parameter so node tests can pass a minimal fake.
 */

const PATTERNS = [
  { kind: 'code', re: /`([^`\n]+)`/y },
  { kind: 'link', re: /\[([^\]\n]+)\]\(([^()\s]+)\)/y },
  // Emphasis as CommonMark flanks it: no space just inside the markers, so `2 * 3 * 4` stays text.
  { kind: 'bold', re: /\*\*([^*\s](?:[^*\n]*?[^*\s])?)\*\*/y },
  { kind: 'italic', re: /\*([^*\s](?:[^*\n]*?[^*\s])?)\*|_([^_\s](?:[^_\n]*?[^_\s])?)_/y },
  { kind: 'url', re: /https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/y },
];
const STARTS = /[`[*_h]/g;

/** @param {string} url @returns {string | null} the URL when it is http(s), else null */
export function safeHref(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * @param {string} text a message body
 * @param {Document} doc
 * @returns {DocumentFragment}
 */
export function renderMarkdown(text, doc) {
  const out = doc.createDocumentFragment();
  text.split('\n').forEach((line, i) => {
    if (i > 0) out.appendChild(doc.createElement('br'));
    inline(line, doc, out, 0);
  });
  return out;
}

function inline(text, doc, parent, depth) {
  let plainFrom = 0;
  let at = 0;
  const flush = (end) => {
    if (end > plainFrom) parent.appendChild(doc.createTextNode(text.slice(plainFrom, end)));
  };
  while (at < text.length) {
    STARTS.lastIndex = at;
    const start = STARTS.exec(text);
    if (!start) break;
    at = start.index;
    const match = depth < 3 ? matchAt(text, at) : null;
    if (!match) {
      at++;
      continue;
    }
    flush(at);
    parent.appendChild(element(match, doc, depth));
    at += match.length;
    plainFrom = at;
  }
  flush(text.length);
}

function matchAt(text, at) {
  for (const { kind, re } of PATTERNS) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) continue;
    if (kind === 'link' && !safeHref(m[2])) continue; // shown as the plain text it is
    if (kind === 'url' && !safeHref(m[0])) continue;
    return { kind, m, length: m[0].length };
  }
  return null;
}

function element({ kind, m }, doc, depth) {
  switch (kind) {
    case 'code': {
      const code = doc.createElement('code');
      code.textContent = m[1];
      return code;
    }
    case 'link':
    case 'url': {
      const a = doc.createElement('a');
      a.setAttribute('href', /** @type {string} */ (safeHref(kind === 'link' ? m[2] : m[0])));
      a.setAttribute('rel', 'noopener noreferrer');
      a.setAttribute('target', '_blank');
      if (kind === 'link') inline(m[1], doc, a, depth + 1);
      else a.textContent = m[0];
      return a;
    }
    case 'bold':
    case 'italic': {
      const el = doc.createElement(kind === 'bold' ? 'strong' : 'em');
      inline(m[1] ?? m[2], doc, el, depth + 1);
      return el;
    }
    default:
      throw new Error(kind);
  }
}
