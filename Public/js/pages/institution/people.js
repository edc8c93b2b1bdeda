// People of an institution: staff (remove), staff invitations, and the users it serves.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { getAll, post, del, seg } from '../../api.js';
import { field, selectField, handleSubmit, showStatus } from '../../forms.js';
import { card, list, actionButton, loadingCard, submitButton, staffRoleOptions, appLabel } from '../../ui.js';
import { session } from '../../state.js';

export function staffCard(ctx, inst, isAdmin) {
  const departments = new Map((inst.departments || []).map((d) => [d.id, d.name]));
  return loadingCard(t('staff.title'), async (reload, status) => list(await getAll(`/institutions/${seg(inst.id)}/staff`), (m) => {
    const isMe = m.userId === session.me.id;
    const meta = [m.email, t(`staffRole.${m.role}`), m.departmentId ? departments.get(m.departmentId) : null].filter(Boolean);
    return h('li', { class: 'row', dataset: { userId: m.userId } },
      h('div', { class: 'row-text' },
        h('span', { class: 'row-title' }, isMe ? t('planners.you', { name: m.name }) : m.name),
        h('span', { class: 'row-meta' }, meta.join(' · '))),
      isAdmin ? h('div', { class: 'row-actions' }, actionButton(t('staff.remove'), {
        confirmText: t('common.confirm'), status,
        errors: { conflict: 'staff.lastAdmin' },
        props: { id: `staff-remove-${m.userId}`, class: 'button subtle' },
        action: async () => {
          await del(`/institutions/${seg(inst.id)}/staff/${seg(m.userId)}`);
          if (isMe) ctx.navigate('/institutions');
          else await reload();
        },
      })) : null);
  }, { id: 'staff', className: 'rows', emptyText: t('list.empty') })).section;
}

export function inviteStaffCard(inst) {
  const email = field({ id: 'staff-invite-email', label: t('field.email'), type: 'email', attrs: { required: true, autocomplete: 'off' } });
  const role = selectField({ id: 'staff-invite-role', label: t('staff.role'), options: staffRoleOptions(), value: 'staff' });
  const department = selectField({
    id: 'staff-invite-department', label: t('staff.department'), value: '',
    options: [{ value: '', label: t('staff.noDepartment') }, ...(inst.departments || []).map((d) => ({ value: d.id, label: d.name }))],
  });
  const form = h('form', { id: 'staff-invite-form', class: 'stack' },
    email.wrap, role.wrap, (inst.departments || []).length ? department.wrap : null, submitButton(t('staff.invite'), 'staff-invite-submit'));
  const status = handleSubmit(form, {
    fields: { email: email.input, role: role.input, departmentId: department.input },
    errors: { conflict: 'invite.conflict' },
    submit: async () => {
      const body = { email: email.input.value.trim(), role: role.input.value };
      if (department.input.value) body.departmentId = department.input.value;
      const inv = await post(`/institutions/${seg(inst.id)}/staff-invitations`, body);
      email.input.value = '';
      showStatus(status, t('invite.sent', { email: inv.email }), 'success');
    },
  });
  return card(t('staff.inviteTitle'), h('p', { class: 'hint' }, t('staff.inviteLead')), form);
}

function addServedUserForm(inst, onAdded) {
  const box = h('div', { class: 'stack' });
  getAll('/users').then((planned) => {
    const mine = planned.filter((p) => p.role === 'guardian');
    if (!mine.length) return;
    const pick = selectField({
      id: 'served-user-select', label: t('served.pick'),
      options: mine.map((p) => ({ value: p.user.id, label: p.user.name })), value: mine[0].user.id,
    });
    const form = h('form', { id: 'served-user-form', class: 'stack' }, pick.wrap, submitButton(t('served.add'), 'served-user-submit'));
    const status = handleSubmit(form, {
      fields: { userId: pick.input },
      errors: { conflict: 'served.already' },
      submit: async () => {
        const served = await post(`/institutions/${seg(inst.id)}/users`, { userId: pick.input.value });
        showStatus(status, t('served.added', { name: served.name }), 'success');
        await onAdded();
      },
    });
    box.append(h('h3', {}, t('served.addTitle')), h('p', { class: 'hint' }, t('served.addLead')), form);
  }, () => {});
  return box;
}

/** People served: admins see all, staff the pupils of their group; names and group only, never a plan. */
export function servedUsersCard(inst, isAdmin) {
  const base = `/institutions/${seg(inst.id)}/users`;
  const departments = new Map((inst.departments || []).map((d) => [d.id, d.name]));
  const served = loadingCard(t('served.title'), async (reload, status) => [
    h('p', { class: 'hint' }, t(isAdmin ? 'served.adminLead' : 'served.staffLead')),
    list(await getAll(base), (u) => h('li', { class: 'row', dataset: { userId: u.userId } },
      h('div', { class: 'row-text' }, h('span', { class: 'row-title' }, u.name),
        h('span', { class: 'row-meta' }, [u.departmentId ? departments.get(u.departmentId) : null, appLabel(u.app)].filter(Boolean).join(' · '))),
      isAdmin ? h('div', { class: 'row-actions' }, actionButton(t('served.remove'), {
        confirmText: t('common.confirm'), status,
        props: { id: `served-remove-${u.userId}`, class: 'button subtle' },
        action: async () => { await del(`${base}/${seg(u.userId)}`); await reload(); },
      })) : null), { id: 'served-users', className: 'rows', emptyText: t('served.none') }),
  ], { id: 'served' });
  served.section.append(addServedUserForm(inst, served.reload));
  return served.section;
}

/** A teacher enrols a pupil: name, birth year, group, and the guardians' addresses; the pending ones below. */
export function enrolCard(inst, ownGroup) {
  const base = `/institutions/${seg(inst.id)}/enrolments`;
  const groups = inst.departments || [];
  const pending = loadingCard(t('enrol.pendingTitle'), async (reload, status) => list(
    (await getAll(base)).filter((e) => e.status === 'pending'),
    (e) => h('li', { class: 'row', dataset: { enrolmentId: e.id } },
      h('div', { class: 'row-text' }, h('span', { class: 'row-title' }, e.name),
        h('span', { class: 'row-meta' }, [e.departmentName, t('enrol.waitingFor', { who: e.invited.join(', ') })].filter(Boolean).join(' · '))),
      h('div', { class: 'row-actions' }, actionButton(t('enrol.withdraw'), {
        confirmText: t('common.confirm'), status,
        props: { id: `enrol-withdraw-${e.id}`, class: 'button subtle' },
        action: async () => { await del(`${base}/${seg(e.id)}`); await reload(); },
      }))),
    { id: 'enrolments', className: 'rows', emptyText: t('enrol.noneWaiting') }), { id: 'enrolments-card' });
  const year = new Date().getFullYear();
  const name = field({ id: 'enrol-name', label: t('enrol.name'), attrs: { required: true, maxlength: 100, autocomplete: 'off' } });
  const birthYear = field({
    id: 'enrol-birth-year', label: t('home.birthYear'), type: 'number',
    attrs: { min: 1900, max: year, step: 1, inputmode: 'numeric' },
  });
  const group = selectField({
    id: 'enrol-group', label: t('enrol.group'), value: ownGroup || (groups[0]?.id ?? ''),
    options: groups.map((d) => ({ value: d.id, label: d.name })),
  });
  const first = field({ id: 'enrol-guardian-0', label: t('enrol.guardian'), type: 'email', attrs: { required: true, autocomplete: 'off' } });
  const second = field({ id: 'enrol-guardian-1', label: t('enrol.guardianOther'), type: 'email', attrs: { autocomplete: 'off' } });
  const form = h('form', { id: 'enrol-form', class: 'stack' },
    name.wrap, birthYear.wrap, groups.length && !ownGroup ? group.wrap : null, first.wrap, second.wrap,
    submitButton(t('enrol.submit'), 'enrol-submit'));
  const status = handleSubmit(form, {
    fields: {
      name: name.input, birthYear: birthYear.input, departmentId: group.input,
      guardianEmails: first.input, 'guardianEmails[0]': first.input, 'guardianEmails[1]': second.input,
    },
    submit: async () => {
      const emails = [first.input.value.trim(), second.input.value.trim()].filter(Boolean);
      const body = { name: name.input.value.trim(), guardianEmails: emails };
      if (birthYear.input.value) body.birthYear = Number(birthYear.input.value);
      if (groups.length && !ownGroup && group.input.value) body.departmentId = group.input.value;
      const made = await post(base, body);
      form.reset();
      showStatus(status, t('enrol.sent', { name: made.name }), 'success');
      await pending.reload();
    },
  });
  return [card(t('enrol.title'), h('p', { class: 'hint' }, t('enrol.lead')), form), pending.section];
}
