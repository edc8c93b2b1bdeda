// Any unknown route.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { pageTitle, link } from '../../ui.js';

export default async function notFound(ctx) {
  ctx.title = t('notFound.title');
  return h('div', { class: 'page narrow' },
    pageTitle(t('notFound.title')),
    h('p', { class: 'lead' }, t('notFound.text')),
    h('p', {}, link('#/', t('common.toHome'), { class: 'button primary' })));
}
