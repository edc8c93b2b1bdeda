// "Child mode" on a Me child's page and plan for their guardians and planners: hand this phone or tablet to the child.
// The first time it asks for a PIN (twice) and the planner's password; then it locks and shows the child's day.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { ApiError } from '../../api.js';
import { session } from '../../state.js';
import { button, submitButton } from '../../ui.js';
import { field, handleSubmit, statusLine, showStatus, errorText } from '../../forms.js';
import { openDialog } from '../../dialog.js';
import { childModeState, choosePin, lockTo, PIN_PATTERN } from '../../child-mode.js';

/** The PIN to choose (twice) and the password; resolves true once the PIN is kept, null when closed. */
function choosePinDialog(user) {
  return openDialog({ id: 'child-pin', title: t('childMode.choosePinTitle') }, ({ finish }) => {
    const pinAttrs = { required: true, inputmode: 'numeric', autocomplete: 'off', maxlength: 8, 'data-transient': '' };
    const pin = field({ id: 'child-pin-new', label: t('childMode.pinNew'), type: 'password', hint: t('childMode.pinRule'), attrs: pinAttrs });
    const again = field({ id: 'child-pin-repeat', label: t('childMode.pinRepeat'), type: 'password', attrs: pinAttrs });
    const password = field({
      id: 'child-pin-password', label: t('childMode.password'), type: 'password', hint: t('childMode.passwordHint'),
      attrs: { required: true, autocomplete: 'current-password' },
    });
    const check = () => {
      pin.input.setCustomValidity(pin.input.value && !PIN_PATTERN.test(pin.input.value) ? t('childMode.pinRule') : '');
      again.input.setCustomValidity(again.input.value && again.input.value !== pin.input.value ? t('childMode.pinMismatch') : '');
    };
    pin.input.addEventListener('input', check);
    again.input.addEventListener('input', check);
    const form = h('form', { class: 'stack', id: 'child-pin-form' },
      h('p', {}, t('childMode.choosePinLead', { name: user.name })),
      pin.wrap, again.wrap, password.wrap,
      h('div', { class: 'actions' }, submitButton(t('childMode.choosePinSubmit'), 'child-pin-submit'),
        button(t('common.cancel'), { id: 'child-pin-cancel', class: 'button subtle', onClick: () => finish(null) })));
    handleSubmit(form, {
      fields: { pin: pin.input, password: password.input },
      fieldMessages: { pin: 'childMode.pinRule', password: 'childMode.passwordWrong' },
      submit: async () => {
        check();
        await choosePin(pin.input.value, password.input.value);
        finish(true);
      },
    });
    setTimeout(() => pin.input.focus(), 0);
    return form;
  });
}

/** What child mode means, before the device is handed over; resolves true to go on. */
function confirmDialog(user) {
  return openDialog({ id: 'child-mode-confirm', title: t('childMode.confirmTitle', { name: user.name }) }, ({ finish }) => {
    const start = button(t('childMode.start'), { id: 'child-mode-lock', class: 'button primary', onClick: () => finish(true) });
    setTimeout(() => start.focus(), 0);
    return [
      h('p', {}, t('childMode.confirmLead', { name: user.name })),
      h('p', { class: 'hint' }, t('childMode.confirmBack')),
      h('div', { class: 'actions' }, start,
        button(t('common.cancel'), { id: 'child-mode-cancel', class: 'button subtle', onClick: () => finish(null) })),
    ];
  });
}

/** Lock, choosing a PIN first when there is none yet; then the child's day screen. */
async function start(ctx, user, status) {
  showStatus(status, '');
  const state = await childModeState();
  const ready = state.pinSet ? await confirmDialog(user) : await choosePinDialog(user);
  if (!ready) return;
  let child;
  try {
    child = await lockTo(user.id);
  } catch (error) {
    // The PIN went meanwhile (e.g. the account's password was reset): choose one, then hand over.
    if (!(error instanceof ApiError && error.status === 409) || !(await choosePinDialog(user))) throw error;
    child = await lockTo(user.id);
  }
  ctx.signedIn(child);
  ctx.navigate('/device', { replace: true });
}

/** The button (and its status line) for a Me child's guardians and planners; null for everyone else. */
export function childModeButton({ ctx, user, role }) {
  const planner = role === 'guardian' || role === 'planner';
  if (!planner || user.app !== 'me' || user.id === session.me?.id) return null;
  const status = statusLine();
  status.id = 'child-mode-status';
  const open = button(t('childMode.button'), {
    id: 'child-mode-start', class: 'button', 'aria-haspopup': 'dialog',
    onClick: async () => {
      try {
        await start(ctx, user, status);
      } catch (error) {
        showStatus(status, errorText(error), 'error');
      }
      if (open.isConnected) open.focus();
    },
  });
  return h('div', { class: 'child-mode-start' }, open, status);
}
