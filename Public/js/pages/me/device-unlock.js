// In child mode: a small "For adults" button in the corner of the child's screen, and the PIN pad behind it (big
// digit buttons for touch; typing works too) that takes the device back to the planner's home.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { ApiError } from '../../api.js';
import { button } from '../../ui.js';
import { statusLine, showStatus, errorText } from '../../forms.js';
import { openDialog } from '../../dialog.js';
import { unlock } from '../../child-mode.js';

const MAX_DIGITS = 8;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'back', '0', 'ok'];

/** Unlock with the PIN typed so far. */
async function submitPin(pad, finish) {
  const { input, status } = pad;
  const pin = input.value.replace(/\D/g, '');
  if (pad.busy || !pin) return;
  pad.busy = true;
  try {
    finish(await unlock({ pin }));
  } catch (error) {
    input.value = '';
    // A child pressing buttons meets no counter and no warning: wrong or waiting, the same calm words.
    const calm = error instanceof ApiError && (error.status === 422 || error.status === 429);
    showStatus(status, calm ? t('childMode.askAnAdult') : errorText(error), calm ? 'info' : 'error');
    input.focus();
  } finally {
    pad.busy = false;
  }
}

/** The digit buttons, "back" and "unlock"; `put(digit)` adds a digit to the PIN. */
function pinKeys(input, put) {
  return KEYS.map((key) => {
    if (key === 'back') {
      return button('\u232b', {
        id: 'child-unlock-key-back', class: 'button pin-key subtle', 'aria-label': t('childMode.pinBack'),
        onClick: () => { input.value = input.value.slice(0, -1); },
      });
    }
    if (key === 'ok') return h('button', { type: 'submit', id: 'child-unlock-submit', class: 'button primary pin-key' }, t('childMode.unlock'));
    return button(key, { id: `child-unlock-key-${key}`, class: 'button pin-key', onClick: () => put(key) });
  });
}

/** Digits typed anywhere in the pad go into the PIN (the box itself takes them as it is). */
function typeAnywhere(form, input, put) {
  form.addEventListener('keydown', (event) => {
    if (event.target === input) return;
    if (/^[0-9]$/.test(event.key)) {
      event.preventDefault();
      put(event.key);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      input.value = input.value.slice(0, -1);
    }
  });
}

function pinForm(finish) {
  const status = statusLine();
  status.id = 'child-unlock-status';
  const input = h('input', {
    type: 'password', id: 'child-unlock-pin', class: 'pin-input', inputmode: 'none', autocomplete: 'off',
    maxlength: MAX_DIGITS, 'aria-describedby': 'child-unlock-hint child-unlock-status', 'data-transient': '',
  });
  const pad = { input, status, busy: false };
  const put = (digit) => {
    if (input.value.length < MAX_DIGITS) input.value += digit;
    showStatus(status, '');
  };
  // The adult's way out whatever the PIN's state: their own password.
  const withPassword = button(t('childMode.usePassword'), {
    id: 'child-unlock-use-password', class: 'button subtle',
    onClick: () => form.replaceWith(passwordForm(finish)),
  });
  const form = h('form', { class: 'pin-form', id: 'child-unlock-form', onSubmit: (event) => { event.preventDefault(); submitPin(pad, finish); } },
    h('p', { class: 'hint', id: 'child-unlock-hint' }, t('childMode.unlockHint')),
    h('label', { for: input.id, class: 'visually-hidden' }, t('childMode.pin')),
    input,
    h('div', { class: 'pin-keys', role: 'group', 'aria-label': t('childMode.pinKeys') }, pinKeys(input, put)),
    status,
    withPassword);
  typeAnywhere(form, input, put);
  setTimeout(() => input.focus(), 0);
  return form;
}

/** The PIN pad; resolves with the planner once unlocked, or null when closed. */
function pinPad() {
  return openDialog({ id: 'child-unlock', title: t('childMode.forAdults'), className: 'pin-dialog' }, ({ finish }) => pinForm(finish));
}

/** The planner's password instead of the PIN (forgotten, or slowed down by a child's tries). */
function passwordForm(finish) {
  const status = statusLine();
  status.id = 'child-unlock-password-status';
  const input = h('input', {
    type: 'password', id: 'child-unlock-password', class: 'input', autocomplete: 'current-password',
    required: true, 'aria-describedby': 'child-unlock-password-status', 'data-transient': '',
  });
  let busy = false;
  const form = h('form', {
    class: 'stack', id: 'child-unlock-password-form',
    onSubmit: async (event) => {
      event.preventDefault();
      if (busy || !input.value) return;
      busy = true;
      try {
        finish(await unlock({ password: input.value }));
      } catch (error) {
        input.value = '';
        const wrong = error instanceof ApiError && error.status === 422;
        showStatus(status, wrong ? t('childMode.passwordWrong') : errorText(error), 'error');
        input.focus();
      } finally {
        busy = false;
      }
    },
  },
  h('p', { class: 'hint' }, t('childMode.passwordLead')),
  h('label', { for: input.id }, t('childMode.password')),
  input,
  h('button', { type: 'submit', id: 'child-unlock-password-submit', class: 'button primary' }, t('childMode.unlock')),
  status);
  setTimeout(() => input.focus(), 0);
  return form;
}

/** The small corner button; after the right PIN the planner is signed in here again and sees their home. */
export function unlockButton(ctx) {
  const open = button(t('childMode.forAdults'), {
    id: 'child-mode-adults', class: 'button subtle child-adults', 'aria-haspopup': 'dialog',
    onClick: async () => {
      const planner = await pinPad();
      if (!planner) {
        document.getElementById('child-mode-adults')?.focus();
        return;
      }
      ctx.signedIn(planner);
      ctx.navigate('/home', { replace: true, flash: 'childMode.unlocked' });
    },
  });
  open.prepend(h('span', { class: 'lock-icon', 'aria-hidden': 'true' }));
  return open;
}
