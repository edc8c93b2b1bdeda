// #/policy — the privacy policy in force, in the language of the app, with the date it was last updated.
import { h } from '../../dom.js';
import { t, getLocale, formatDate } from '../../i18n.js';
import { loadPolicy } from '../../policy.js';
import { renderMarkdown } from '../../markdown.js';
import { pageTitle, link } from '../../ui.js';
import { session } from '../../state.js';

export default async function policyPage(ctx) {
  ctx.title = t('policy.title');
  const policy = await loadPolicy(getLocale());
  const nodes = renderMarkdown(policy.text);
  // The document's own "#" heading becomes the page title (the one h1 of the page).
  const first = nodes[0]?.tagName === 'H1' ? nodes.shift() : null;
  const signedIn = session.me && !session.device;
  return h('div', { class: 'page reading' },
    pageTitle(first ? first.textContent : t('policy.title'), 'policy-title'),
    h('p', { class: 'hint', id: 'policy-updated' },
      t('policy.updated', { date: formatDate(policy.updatedOn), version: policy.version })),
    h('article', { class: 'card prose', id: 'policy-text', lang: policy.language || undefined }, nodes),
    signedIn ? h('p', {}, link('#/privacy', t('policy.toPrivacy'), { id: 'policy-to-privacy' })) : null);
}
