// Correct a person's details (name, app, birth year): the right to rectification, used by a guardian for a child.
import { h } from '../../dom.js';
import { spokenTo } from '../../state.js';
import { t } from '../../i18n.js';
import { patch, seg } from '../../api.js';
import { field, selectField, handleSubmit, showStatus } from '../../forms.js';
import { card, submitButton } from '../../ui.js';

export function editCard({ user, onSaved }) {
  const year = new Date().getFullYear();
  const name = field({ id: 'edit-user-name', label: t('field.name'), value: user.name, attrs: { required: true, maxlength: 100, autocomplete: 'off' } });
  const app = selectField({
    id: 'edit-user-app', label: t('home.app'), value: user.app,
    options: [{ value: 'me', label: t('app.me.long') }, { value: 'planet', label: t('app.planet.long') }],
  });
  const birthYear = field({
    id: 'edit-user-birth-year', label: t('home.birthYear'), type: 'number', hint: t('home.birthYearHint'),
    value: user.birthYear ? String(user.birthYear) : '', attrs: { min: 1900, max: year, step: 1, inputmode: 'numeric' },
  });
  const form = h('form', { id: 'edit-user-form', class: 'stack' },
    name.wrap, app.wrap, birthYear.wrap, submitButton(t('account.save'), 'edit-user-submit'));
  const status = handleSubmit(form, {
    fields: { name: name.input, app: app.input, birthYear: birthYear.input },
    submit: async () => {
      const body = { name: name.input.value.trim(), app: app.input.value };
      if (birthYear.input.value) body.birthYear = Number(birthYear.input.value);
      const saved = await patch(`/users/${seg(user.id)}`, body);
      showStatus(status, t('account.saved'), 'success');
      if (onSaved) onSaved(saved);
    },
  });
  return card(t('user.editTitle'), h('p', { class: 'hint' }, t('user.editLead', { name: spokenTo(user) })), form);
}
