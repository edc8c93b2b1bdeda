// #/institutions — the caller's institutions, and creating one.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { getAll, post } from '../../api.js';
import { field, handleSubmit } from '../../forms.js';
import { pageTitle, card, list, submitButton } from '../../ui.js';

function institutionItem(inst) {
  return h('li', { class: 'person', dataset: { institutionId: inst.id } },
    h('a', { href: `#/institutions/${encodeURIComponent(inst.id)}`, class: 'person-link' },
      h('span', { class: 'avatar square', 'aria-hidden': 'true' }, (inst.name || '?').trim().charAt(0).toUpperCase()),
      h('span', { class: 'person-text' },
        h('span', { class: 'person-name' }, inst.name),
        h('span', { class: 'person-meta' }, t('institutions.meta', { role: t(`staffRole.${inst.role}`), number: inst.customerNumber || '' })))));
}

export default async function institutions(ctx) {
  ctx.title = t('institutions.title');
  const items = await getAll('/institutions');
  items.sort((a, b) => a.name.localeCompare(b.name));

  const name = field({ id: 'institution-name', label: t('institutions.name'), attrs: { required: true, maxlength: 200, autocomplete: 'organization' } });
  const form = h('form', { id: 'institution-form', class: 'stack' }, name.wrap, submitButton(t('institutions.create'), 'institution-submit'));
  handleSubmit(form, {
    fields: { name: name.input },
    submit: async () => {
      const inst = await post('/institutions', { name: name.input.value.trim() });
      ctx.navigate(`/institutions/${encodeURIComponent(inst.id)}`, { flash: 'institutions.created' });
    },
  });

  return h('div', { class: 'page' },
    pageTitle(t('institutions.title')),
    h('p', { class: 'lead' }, t('institutions.lead')),
    card(null, list(items, institutionItem, { id: 'institutions', className: 'people', emptyText: t('institutions.none') })),
    card(t('institutions.createTitle'), h('p', { class: 'hint' }, t('institutions.createLead')), form));
}
