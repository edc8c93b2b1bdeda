// #/licences — the licences of what the app shows: OpenMoji's pictograms (CC BY-SA 4.0), as a page of the app.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { pageTitle } from '../../ui.js';

export default async function licences(ctx) {
  ctx.title = t('licences.title');
  const res = await fetch('/licenses/openmoji-cc-by-sa-4.0.txt', { credentials: 'same-origin' });
  const text = res.ok ? await res.text() : '';
  return h('div', { class: 'page' },
    pageTitle(t('licences.title'), 'licences-title'),
    h('p', { class: 'lead' }, t('licences.lead')),
    h('h2', {}, 'Creative Commons Attribution-ShareAlike 4.0'),
    h('pre', { class: 'licence-text', id: 'licence-text', lang: 'en', tabindex: '0' }, text));
}
