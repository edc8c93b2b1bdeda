// A small, safe subset of Markdown for the privacy policy: "#"/"##" headings, "- " lists and paragraphs.
// Every piece of text is set with textContent; nothing from the document is ever parsed as HTML.
import { h } from './dom.js';

/** Turn Markdown text into an array of elements (h1..h3, ul/li, p). */
export function renderMarkdown(text) {
  const nodes = [];
  let paragraph = null;
  let list = null;
  let item = null;
  const endBlock = () => {
    paragraph = null;
    list = null;
    item = null;
  };
  for (const raw of String(text || '').replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (!line) {
      endBlock();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (heading) {
      endBlock();
      nodes.push(h(`h${Math.min(heading[1].length, 3)}`, {}, heading[2].replace(/\s+#+$/, '')));
    } else if (bullet) {
      paragraph = null;
      if (!list) {
        list = h('ul', { class: 'prose-list' });
        nodes.push(list);
      }
      item = h('li', {}, bullet[1]);
      list.append(item);
    } else if (item) {
      // A line right after a list item (indented or not) continues that item.
      item.append(` ${line}`);
    } else if (paragraph) {
      paragraph.append(` ${line}`);
    } else {
      paragraph = h('p', {}, line);
      nodes.push(paragraph);
    }
  }
  return nodes;
}
