// #/home — the planner's home: the people they plan for, and a form to add a child or young person.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { getAll, post } from '../../api.js';
import { field, selectField, handleSubmit, statusLine, showStatus, errorText, consentCheckbox } from '../../forms.js';
import { loadPolicy } from '../../policy.js';
import { pageTitle, card, list, submitButton, roleLabel, appLabel, button, link } from '../../ui.js';
import { session } from '../../state.js';

const DEFAULT_ZONE = 'Europe/Copenhagen';

function timeZones() {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(DEFAULT_ZONE) ? zones : [DEFAULT_ZONE, ...zones];
}

function verifyBanner() {
  const status = statusLine();
  const resend = button(t('home.verifyResend'), {
    id: 'resend-verification',
    class: 'button',
    onClick: async () => {
      resend.disabled = true;
      try {
        await post('/auth/resend-verification');
        showStatus(status, t('home.verifySent'), 'success');
      } catch (error) {
        showStatus(status, errorText(error), 'error');
        resend.disabled = false;
      }
    },
  });
  return h('aside', { class: 'banner', id: 'verify-banner', 'aria-labelledby': 'verify-banner-title' },
    h('h2', { id: 'verify-banner-title' }, t('home.verifyTitle')),
    h('p', {}, t('home.verifyText', { email: session.me.email || '' })),
    resend, status);
}

function plannedItem({ user, role }) {
  return h('li', { class: 'person', dataset: { userId: user.id } },
    h('a', { href: `#/users/${encodeURIComponent(user.id)}`, class: 'person-link' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, (user.name || '?').trim().charAt(0).toUpperCase()),
      h('span', { class: 'person-text' },
        h('span', { class: 'person-name' }, user.name),
        h('span', { class: 'person-meta' }, t('home.personMeta', { app: appLabel(user.app), role: roleLabel(role) })))));
}

function createForm(ctx, onCreated) {
  const year = new Date().getFullYear();
  const name = field({ id: 'create-user-name', label: t('field.name'), attrs: { required: true, maxlength: 100, autocomplete: 'off' } });
  const app = selectField({
    id: 'create-user-app', label: t('home.app'), value: 'me', hint: t('home.appHint'),
    options: [{ value: 'me', label: t('app.me.long') }, { value: 'planet', label: t('app.planet.long') }],
  });
  const zone = selectField({
    id: 'create-user-timezone', label: t('field.timeZone'), value: DEFAULT_ZONE,
    options: timeZones().map((z) => ({ value: z, label: z.replace(/_/g, ' ') })),
  });
  const birthYear = field({
    id: 'create-user-birth-year', label: t('home.birthYear'), type: 'number', hint: t('home.birthYearHint'),
    attrs: { min: 1900, max: year, step: 1, inputmode: 'numeric' },
  });
  const consent = consentCheckbox('create-user-consent', 'consent.forChild');
  const form = h('form', { id: 'create-user-form', class: 'stack' },
    name.wrap, app.wrap, zone.wrap, birthYear.wrap, consent.wrap, submitButton(t('home.createSubmit'), 'create-user-submit'));
  const status = handleSubmit(form, {
    fields: { name: name.input, app: app.input, timeZone: zone.input, birthYear: birthYear.input },
    submit: async () => {
      const policy = await loadPolicy();
      const body = { name: name.input.value.trim(), app: app.input.value, timeZone: zone.input.value, policyVersion: policy.version };
      if (birthYear.input.value) body.birthYear = Number(birthYear.input.value);
      const user = await post('/users', body);
      form.reset();
      zone.input.value = DEFAULT_ZONE;
      await onCreated(user);
      showStatus(status, t('home.created', { name: user.name }), 'success');
    },
  });
  return form;
}

export default async function home(ctx) {
  ctx.title = t('home.title');
  const me = session.me;
  const listBox = h('div', { id: 'planned-users-box' });

  const load = async () => {
    const items = await getAll('/users');
    items.sort((a, b) => a.user.name.localeCompare(b.user.name));
    listBox.replaceChildren(...[list(items, plannedItem, { id: 'planned-users', className: 'people', emptyText: t('home.empty') })].flat());
  };
  await load();

  // PlaNet: a young person's own week is one tap from here.
  const myWeek = me.app === 'planet'
    ? link(`#/users/${encodeURIComponent(me.id)}/plan`, t('home.myWeek'), { id: 'home-my-week', class: 'button primary' })
    : null;
  return h('div', { class: 'page' },
    h('div', { class: 'title-row' }, pageTitle(t('home.hello', { name: me.name }), 'home-title'), myWeek),
    me.emailVerified === false ? verifyBanner() : null,
    card(t('home.peopleTitle'), listBox),
    card(t('home.createTitle'), h('p', { class: 'hint' }, t('home.createLead')), createForm(ctx, load)));
}
