// Shared page pieces: headings, cards, buttons, lists and labels for enum values.
import { h } from './dom.js';
import { t } from './i18n.js';
import { errorText, showStatus, statusLine } from './forms.js';

/** The page's main heading; focused after navigation so screen readers announce the new page. */
export function pageTitle(text, id) {
  return h('h1', { id, tabindex: '-1', class: 'page-title' }, text);
}

let headingCounter = 0;

export function card(title, ...children) {
  headingCounter += 1;
  const headingId = `card-heading-${headingCounter}`;
  return h('section', { class: 'card', 'aria-labelledby': title ? headingId : undefined },
    title ? h('h2', { id: headingId }, title) : null, ...children);
}

export function notice(text, kind = 'info', id) {
  return h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', id }, text);
}

export function link(href, text, props = {}) {
  return h('a', { href, ...props }, text);
}

export function button(text, props = {}) {
  return h('button', { type: 'button', class: 'button', ...props }, text);
}

export function submitButton(text, id) {
  return h('button', { type: 'submit', class: 'button primary', id }, text);
}

/** A list (always present, so it can be found by id) with a calm line when it is empty. */
export function list(items, renderItem, { id, emptyText, className = 'item-list' } = {}) {
  const ul = h('ul', { id, class: className }, items.map(renderItem));
  if (items.length) return ul;
  return [h('p', { class: 'empty', id: id ? `${id}-empty` : undefined }, emptyText || t('list.empty')), ul];
}

/**
 * A button that runs an async action. With `confirmText`, the first press asks and the second press acts.
 * Failures are written into `status` (a status line); returns the button.
 */
export function actionButton(text, { action, confirmText, status, errors, props = {} }) {
  const btn = button(text, props);
  let armed = false;
  let timer = null;
  const disarm = () => {
    armed = false;
    btn.textContent = text;
    btn.classList.remove('armed');
  };
  btn.addEventListener('click', async () => {
    if (confirmText && !armed) {
      armed = true;
      btn.textContent = confirmText;
      btn.classList.add('armed');
      clearTimeout(timer);
      timer = setTimeout(disarm, 6000);
      return;
    }
    clearTimeout(timer);
    btn.disabled = true;
    btn.setAttribute('aria-busy', 'true');
    try {
      await action();
    } catch (error) {
      if (status) showStatus(status, errorText(error, errors), 'error');
    } finally {
      if (btn.isConnected) {
        btn.disabled = false;
        btn.removeAttribute('aria-busy');
        disarm();
      }
    }
  });
  return btn;
}

/**
 * A button that opens a calm confirmation panel (`text`, a confirm and a cancel button) instead of acting at once.
 * `action` runs on confirm; failures go to `status`. Ids: `<id>`, `<id>-confirm` (the panel), `<id>-yes`, `<id>-no`.
 */
export function confirmBox(label, { id, text, confirmLabel, action, status, errors, serious = false }) {
  const trigger = button(label, { id, class: serious ? 'button serious' : 'button' });
  const question = h('p', { id: `${id}-question`, tabindex: '-1' }, text);
  const yes = button(confirmLabel, { id: `${id}-yes`, class: serious ? 'button serious' : 'button primary' });
  const no = button(t('common.cancel'), { id: `${id}-no`, class: 'button subtle' });
  const panel = h('div', { class: 'confirm-box', id: `${id}-confirm`, role: 'group', 'aria-labelledby': question.id, hidden: true },
    question, h('div', { class: 'actions' }, yes, no));
  const open = (on) => {
    panel.hidden = !on;
    trigger.hidden = on;
    (on ? question : trigger).focus();
  };
  trigger.addEventListener('click', () => open(true));
  no.addEventListener('click', () => open(false));
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    no.disabled = true;
    yes.setAttribute('aria-busy', 'true');
    try {
      await action();
    } catch (error) {
      if (status) showStatus(status, errorText(error, errors), 'error');
    } finally {
      if (yes.isConnected) {
        yes.disabled = false;
        no.disabled = false;
        yes.removeAttribute('aria-busy');
      }
    }
  });
  return h('div', { class: 'confirm-wrap' }, trigger, panel);
}

/** A card whose body is loaded asynchronously; shows a calm loading line and a friendly error. */
export function loadingCard(title, load, { id } = {}) {
  const body = h('div', { class: 'card-body', id }, h('p', { class: 'loading' }, t('common.loading')));
  const section = card(title, body);
  const status = statusLine();
  section.append(status);
  const reload = async () => {
    try {
      const content = await load(reload, status);
      body.replaceChildren(...[content].flat(Infinity).filter(Boolean));
    } catch (error) {
      body.replaceChildren(h('p', { class: 'status status-error' }, errorText(error)));
    }
  };
  reload();
  return { section, reload, status };
}

export const roleLabel = (role) => t(`role.${role}`);
/** The role as written inside a sentence (lower case where the language wants it). */
export const roleInSentence = (role) => t(`roleInSentence.${role}`);
export const appLabel = (app) => t(`app.${app}`);
export const roleOptions = () => ['guardian', 'planner', 'viewer'].map((value) => ({ value, label: roleLabel(value) }));
export const staffRoleOptions = () => ['staff', 'admin'].map((value) => ({ value, label: t(`staffRole.${value}`) }));
