// #/institutions/<id> — one institution: details, departments, staff, staff invitations and the users it serves.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get, getAll, post, seg } from '../../api.js';
import { field, handleSubmit } from '../../forms.js';
import { pageTitle, card, list, submitButton, link } from '../../ui.js';
import { staffCard, inviteStaffCard, servedUsersCard, enrolCard } from './people.js';
import { session } from '../../state.js';
import { pictogramsCard } from './pictograms.js';

function departmentsCard(ctx, inst, isAdmin) {
  const body = [list(inst.departments || [], (d) => h('li', { class: 'row' }, h('span', { class: 'row-title' }, d.name)),
    { id: 'departments', className: 'rows', emptyText: t('departments.none') })];
  if (isAdmin) {
    const name = field({ id: 'department-name', label: t('departments.name'), attrs: { required: true, maxlength: 200, autocomplete: 'off' } });
    const form = h('form', { id: 'department-form', class: 'stack inline-form' }, name.wrap, submitButton(t('departments.add'), 'department-submit'));
    handleSubmit(form, {
      fields: { name: name.input },
      submit: async () => {
        await post(`/institutions/${seg(inst.id)}/departments`, { name: name.input.value.trim() });
        name.input.value = '';
        ctx.refresh();
      },
    });
    body.push(form);
  }
  return card(t('departments.title'), ...body);
}

export default async function institution(ctx) {
  const [inst, staff] = await Promise.all([get(`/institutions/${seg(ctx.params.id)}`), getAll(`/institutions/${seg(ctx.params.id)}/staff`)]);
  const ownGroup = staff.find((m) => m.userId === session.me.id)?.departmentId || null;
  const isAdmin = inst.role === 'admin';
  ctx.title = inst.name;
  return h('div', { class: 'page' },
    h('p', { class: 'back' }, link('#/institutions', t('institution.back'), { id: 'institution-back' })),
    pageTitle(inst.name, 'institution-title'),
    h('dl', { class: 'details', id: 'institution-details' },
      h('dt', {}, t('institution.customerNumber')), h('dd', {}, inst.customerNumber || ''),
      h('dt', {}, t('institution.yourRole')), h('dd', {}, t(`staffRole.${inst.role}`))),
    h('p', { class: 'hint' }, t('institution.privacy')),
    departmentsCard(ctx, inst, isAdmin),
    staffCard(ctx, inst, isAdmin),
    isAdmin ? inviteStaffCard(inst) : null,
    servedUsersCard(inst, isAdmin),
    ...enrolCard(inst, isAdmin ? null : ownGroup),
    pictogramsCard(ctx, inst, isAdmin));
}
