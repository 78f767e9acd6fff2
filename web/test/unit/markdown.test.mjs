import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown, safeHref } from '../../src/ui/markdown.js';

/** Just enough of a DOM to see what the renderer builds: elements, text nodes and attributes. */
class Node {
  constructor(tag, text) {
    this.tag = tag;
    this.text = text;
    this.children = [];
    this.attrs = {};
  }
  appendChild(c) {
    this.children.push(c);
    return c;
  }
  setAttribute(k, v) {
    this.attrs[k] = v;
  }
  set textContent(v) {
    this.children = [new Node('#text', String(v))];
  }
  get textContent() {
    return this.tag === '#text' ? this.text : this.children.map((c) => c.textContent).join('');
  }
  /** A compact picture: text as is, elements as [tag, attrs?, ...children]. */
  shape() {
    if (this.tag === '#text') return this.text;
    const kids = this.children.map((c) => c.shape());
    return Object.keys(this.attrs).length ? [this.tag, this.attrs, ...kids] : [this.tag, ...kids];
  }
}
const doc = {
  createElement: (tag) => new Node(tag),
  createTextNode: (text) => new Node('#text', text),
  createDocumentFragment: () => new Node('#fragment'),
};
const render = (text) => renderMarkdown(text, /** @type {any} */ (doc)).shape().slice(1);

test('bold, italic, code, links and line breaks', () => {
  assert.deepEqual(render('a **b** *c* _d_ `e*f*`'), ['a ', ['strong', 'b'], ' ', ['em', 'c'], ' ', ['em', 'd'], ' ', ['code', 'e*f*']]);
  assert.deepEqual(render('x\ny'), ['x', ['br'], 'y']);
  assert.deepEqual(render('[site](https://example.com/a)'),
    [['a', { href: 'https://example.com/a', rel: 'noopener noreferrer', target: '_blank' }, 'site']]);
  assert.deepEqual(render('see http://example.com/x.'), ['see ',
    ['a', { href: 'http://example.com/x', rel: 'noopener noreferrer', target: '_blank' }, 'http://example.com/x'], '.']);
});

test('markup in a body is text, never elements', () => {
  for (const body of ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '<a href="javascript:alert(1)">x</a>']) {
    assert.deepEqual(render(body), [body]);
  }
  assert.deepEqual(render('**<b>x</b>**'), [['strong', '<b>x</b>']]);
  assert.deepEqual(render('`<svg onload=alert(1)>`'), [['code', '<svg onload=alert(1)>']]);
});

test('only http(s) links become links', () => {
  for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'file:///etc/passwd']) {
    assert.equal(safeHref(href), null, href);
    assert.deepEqual(render(`[x](${href})`).join(''), `[x](${href})`);
  }
  assert.equal(safeHref('https://example.com/?q=<x>'), 'https://example.com/?q=%3Cx%3E');
});

test('unclosed markers stay as typed', () => {
  assert.deepEqual(render('2 * 3 = 6 and **not bold'), ['2 * 3 = 6 and **not bold']);
  assert.deepEqual(render('`open code'), ['`open code']);
});
