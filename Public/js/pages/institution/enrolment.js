// #/enrolment?token=... — a school would like to plan with a pupil: the guardian sees what is asked, chooses the pupil's
// profile (a new one, or a child of their own) and what the teacher may do, consents for a child under 13, and accepts
// or declines. Until then the school holds only the name and the invitation.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, getAll, post, seg } from '../../api.js';
import { errorText, statusLine, showStatus, selectField, consentCheckbox } from '../../forms.js';
import { pageTitle, notice, actionButton, link } from '../../ui.js';
import { loadPolicy } from '../../policy.js';
import { invitationGate } from '../shared/invitation-gate.js';

function radio(name, value, label, hint, checked) {
  const input = h('input', { type: 'radio', name, id: `${name}-${value}`, value, class: 'check-input', checked });
  return h('div', { class: 'check' }, input, h('label', { for: input.id }, label, hint ? h('span', { class: 'hint' }, ` ${hint}`) : null));
}

/** Which profile the pupil is (a new one, or a child of one's own), what the teacher may do, and the consent. */
function enrolmentChoices(preview, mine) {
  const pupil = preview.pupilName;
  const who = selectField({
    id: 'enrolment-child', label: t('enrolment.whichChild', { name: pupil }), value: '',
    options: [{ value: '', label: t('enrolment.newProfile', { name: pupil }) }, ...mine.map((p) => ({ value: p.user.id, label: p.user.name }))],
  });
  const roles = h('fieldset', { class: 'choices', id: 'enrolment-role' },
    h('legend', {}, t('enrolment.roleLegend', { staff: preview.invitedByName })),
    radio('enrolment-role', 'planner', t('enrolment.role.planner', { staff: preview.invitedByName }), t('enrolment.role.plannerHint'), true),
    radio('enrolment-role', 'viewer', t('enrolment.role.viewer', { staff: preview.invitedByName }), t('enrolment.role.viewerHint'), false),
    radio('enrolment-role', 'none', t('enrolment.role.none', { staff: preview.invitedByName }), null, false));
  const consent = consentCheckbox('enrolment-consent', 'consent.forChild');
  // A child of one's own has consented already.
  who.input.addEventListener('change', () => { consent.wrap.hidden = Boolean(who.input.value); });
  return { who, roles, consent };
}

/** Accept with the chosen profile and role; a new profile needs the guardian's consent to the policy in force. */
async function accept(ctx, { token, preview, page, status, who, consent }) {
  const body = { staffRole: page.querySelector('input[name="enrolment-role"]:checked')?.value || 'planner' };
  if (who.input.value) body.userId = who.input.value;
  else if (!preview.accepted) {
    if (!consent.input.checked) {
      showStatus(status, t('enrolment.consentNeeded'), 'error');
      consent.input.focus();
      return;
    }
    body.policyVersion = (await loadPolicy()).version;
  }
  const user = await post(`/enrolment-invitations/${seg(token)}/accept`, body);
  ctx.navigate(`/users/${encodeURIComponent(user.id)}`, { flash: 'enrolment.accepted' });
}

function enrolmentCard(ctx, { token, preview, page, mine }) {
  const pupil = preview.pupilName;
  const { who, roles, consent } = enrolmentChoices(preview, mine);
  const status = statusLine();
  const group = preview.departmentName ? ` (${preview.departmentName})` : '';
  return h('div', { class: 'card', id: 'enrolment-preview' },
    h('p', { class: 'lead' }, t('enrolment.text', { staff: preview.invitedByName, institution: preview.institutionName, name: pupil, group })),
    h('p', { class: 'hint' }, t('enrolment.until')),
    mine.length ? who.wrap : null,
    roles,
    preview.accepted ? null : consent.wrap,
    h('p', { class: 'hint' }, t('enrolment.endAnyTime', { name: pupil })),
    h('div', { class: 'actions' },
      actionButton(t('invitation.accept'), {
        status, errors: { 'invalid-token': 'enrolment.invalid' }, props: { id: 'enrolment-accept', class: 'button primary' },
        action: () => accept(ctx, { token, preview, page, status, who, consent }),
      }),
      actionButton(t('invitation.decline'), {
        status, errors: { 'invalid-token': 'enrolment.invalid' }, props: { id: 'enrolment-decline', class: 'button subtle' },
        action: async () => {
          await post(`/enrolment-invitations/${seg(token)}/decline`);
          ctx.state.done = 'enrolment.declined';
          ctx.refresh();
        },
      })),
    status);
}

export default async function enrolment(ctx) {
  ctx.title = t('enrolment.title');
  const token = ctx.query.token || '';
  const page = h('div', { class: 'page narrow' }, pageTitle(t('enrolment.title')));
  if (ctx.state.done) {
    page.append(notice(t(ctx.state.done), 'success', 'enrolment-result'), h('p', {}, link('#/home', t('common.toHome'))));
    return page;
  }
  let preview;
  try {
    preview = await get(`/enrolment-invitations/${seg(token)}`);
  } catch (error) {
    page.append(notice(errorText(error, { 'invalid-token': 'enrolment.invalid', 404: 'enrolment.invalid' }), 'error', 'enrolment-result'),
      h('p', {}, link('#/home', t('common.toHome'))));
    return page;
  }
  const here = `/enrolment?token=${encodeURIComponent(token)}`;
  const gate = invitationGate(ctx, preview, { prefix: 'enrolment', here });
  if (gate) {
    page.append(gate);
    return page;
  }
  const mine = preview.accepted ? [] : (await getAll('/users')).filter((p) => p.role === 'guardian');
  page.append(enrolmentCard(ctx, { token, preview, page, mine }));
  return page;
}
