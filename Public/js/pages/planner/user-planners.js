// Planners of a user (role changes, removal) and pending invitations (invite, revoke).
import { h } from '../../dom.js';
import { t, formatDateTime, formatList } from '../../i18n.js';
import { getAll, post, patch, del, seg } from '../../api.js';
import { field, selectField, handleSubmit, statusLine, showStatus, errorText } from '../../forms.js';
import { card, list, actionButton, loadingCard, submitButton, roleLabel, roleInSentence, roleOptions } from '../../ui.js';
import { session, spokenTo } from '../../state.js';

const GUARDIAN_ERRORS = { 'guardian-needed': 'planners.lastGuardian' };

function plannerItem({ ctx, user, planner, canManage, status, reload }) {
  const isMe = planner.plannerId === session.me.id;
  const base = `/users/${seg(user.id)}/planners/${seg(planner.plannerId)}`;
  const name = isMe ? t('planners.you', { name: planner.name }) : planner.name;
  const controls = [];
  if (canManage) {
    const selectId = `planner-role-${planner.plannerId}`;
    const select = h('select', { id: selectId, class: 'inline-select' },
      roleOptions().map((o) => h('option', { value: o.value, selected: o.value === planner.role }, o.label)));
    select.addEventListener('change', async () => {
      select.disabled = true;
      try {
        await patch(base, { role: select.value });
        showStatus(status, t('planners.roleChanged', { name: planner.name, role: roleInSentence(select.value) }), 'success');
        planner.role = select.value;
      } catch (error) {
        select.value = planner.role;
        showStatus(status, errorText(error, GUARDIAN_ERRORS), 'error');
      } finally {
        select.disabled = false;
      }
    });
    controls.push(h('label', { for: selectId, class: 'visually-hidden' }, t('planners.roleFor', { name: planner.name })), select);
  }
  if (canManage || isMe) {
    controls.push(actionButton(isMe ? t('planners.leave') : t('planners.remove'), {
      confirmText: t('common.confirm'),
      status,
      errors: GUARDIAN_ERRORS,
      props: { id: `planner-remove-${planner.plannerId}`, class: 'button subtle' },
      action: async () => {
        await del(base);
        if (isMe) ctx.navigate('/home', { flash: 'planners.left' });
        else reload();
      },
    }));
  }
  return h('li', { class: 'row', dataset: { plannerId: planner.plannerId } },
    h('div', { class: 'row-text' },
      h('span', { class: 'row-title' }, name),
      h('span', { class: 'row-meta' }, [planner.email, canManage ? null : roleLabel(planner.role),
        t('planners.since', { date: formatDateTime(planner.since) })].filter(Boolean).join(' · '))),
    controls.length ? h('div', { class: 'row-actions' }, controls) : null);
}

export function plannersCard({ ctx, user, planners, canManage, reload }) {
  const status = statusLine();
  const items = planners.map((planner) => plannerItem({ ctx, user, planner, canManage, status, reload }));
  return card(t('planners.title'),
    h('p', { class: 'hint' }, t('planners.lead', { name: spokenTo(user) })),
    items.length ? h('ul', { id: 'planners', class: 'rows' }, items) : h('p', { class: 'empty' }, t('list.empty')),
    status);
}

function inviteForm(user, onSent) {
  const email = field({ id: 'invite-email', label: t('field.email'), type: 'email', attrs: { required: true, autocomplete: 'off' } });
  const role = selectField({ id: 'invite-role', label: t('invite.role'), options: roleOptions(), value: 'planner', hint: t('invite.roleHint') });
  const form = h('form', { id: 'invite-form', class: 'stack' }, email.wrap, role.wrap, submitButton(t('invite.submit'), 'invite-submit'));
  const status = handleSubmit(form, {
    fields: { email: email.input, role: role.input },
    errors: { conflict: 'invite.conflict' },
    submit: async () => {
      const inv = await post(`/users/${seg(user.id)}/invitations`, { email: email.input.value.trim(), role: role.input.value });
      email.input.value = '';
      showStatus(status, t('invite.sent', { email: inv.email }), 'success');
      await onSent();
    },
  });
  return form;
}

export function invitationsCard({ user }) {
  const base = `/users/${seg(user.id)}/invitations`;
  const pending = loadingCard(t('invite.title'), async (reload, status) => {
    const items = (await getAll(base)).filter((inv) => !inv.status || inv.status === 'pending');
    return list(items, (inv) => h('li', { class: 'row' },
      h('div', { class: 'row-text' },
        h('span', { class: 'row-title' }, inv.email),
        h('span', { class: 'row-meta' }, `${roleLabel(inv.role)} · ${t('invite.expires', { date: formatDateTime(inv.expiresAt) })}`)),
      h('div', { class: 'row-actions' }, actionButton(t('invite.revoke'), {
        confirmText: t('common.confirm'), status,
        props: { id: `invitation-revoke-${inv.id}`, class: 'button subtle' },
        action: async () => { await del(`${base}/${seg(inv.id)}`); await reload(); },
      }))), { id: 'invitations', className: 'rows', emptyText: t('invite.none') });
  });
  pending.section.append(h('h3', {}, t('invite.formTitle')), inviteForm(user, pending.reload));
  return pending.section;
}

/** The schools and institutions that serve the user; a guardian ends a link, and the staff's planning with it. */
export function institutionsCard({ user, isGuardian }) {
  const box = loadingCard(t('userInstitutions.title'), async (reload, status) => {
    const served = await getAll(`/users/${seg(user.id)}/institutions`);
    return list(served, (i) => h('li', { class: 'row', dataset: { institutionId: i.institutionId } },
      h('div', { class: 'row-text' }, h('span', { class: 'row-title' }, i.name),
        h('span', { class: 'row-meta' }, i.planners.length
          ? t('userInstitutions.plans', { names: formatList(i.planners) }) : t('userInstitutions.nobodyPlans'))),
      isGuardian ? h('div', { class: 'row-actions' }, actionButton(t('userInstitutions.end'), {
        confirmText: t('userInstitutions.endConfirm', { institution: i.name, name: user.name }), status,
        props: { id: `institution-end-${i.institutionId}`, class: 'button subtle' },
        action: async () => {
          await del(`/institutions/${seg(i.institutionId)}/users/${seg(user.id)}`);
          showStatus(status, t('userInstitutions.ended', { institution: i.name }), 'success');
          await reload();
        },
      })) : null), { id: 'user-institutions', className: 'rows', emptyText: t('userInstitutions.none', { name: user.name }) });
  }, { id: 'user-institutions-card' });
  return box.section;
}
