// Tiny element helpers. Text is always set through textContent; markup from data is never parsed as HTML.

const BOOLEAN_PROPS = new Set(['disabled', 'required', 'checked', 'selected', 'hidden', 'multiple', 'autofocus']);

/**
 * Create an element.
 * h('button', { id: 'x', class: 'primary', type: 'button', onClick: fn }, 'label', child)
 * Props: class, text, dataset, on<Event> (function), boolean props, everything else as attribute.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || (value === false && !BOOLEAN_PROPS.has(key))) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else if (/^on[A-Z]/.test(key) && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (BOOLEAN_PROPS.has(key)) el[key] = Boolean(value);
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** Append children: strings and numbers become text nodes; null/false are skipped; arrays are flattened. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

/**
 * Parse server-generated SVG markup (e.g. a QR code) into a node of this document.
 * Scripts, foreign objects, event handler attributes and external references are dropped.
 * Returns null when the markup is not a valid SVG document.
 */
export function importSvg(markup) {
  const doc = new DOMParser().parseFromString(String(markup || ''), 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg' || doc.getElementsByTagName('parsererror').length) return null;
  for (const bad of [...root.querySelectorAll('script, foreignObject, style')]) bad.remove();
  for (const node of [root, ...root.querySelectorAll('*')]) {
    for (const attr of [...node.attributes]) {
      const name = attr.name.toLowerCase();
      const isLink = name === 'href' || name === 'xlink:href';
      if (name.startsWith('on') || name === 'style' || (isLink && !attr.value.startsWith('#'))) node.removeAttribute(attr.name);
    }
  }
  const width = parseFloat(root.getAttribute('width'));
  const height = parseFloat(root.getAttribute('height'));
  if (!root.hasAttribute('viewBox') && width > 0 && height > 0) root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.removeAttribute('width');
  root.removeAttribute('height');
  root.setAttribute('aria-hidden', 'true');
  root.setAttribute('focusable', 'false');
  return document.importNode(root, true);
}
