// Form building blocks: labelled fields, localized client-side checks, and problem+json errors shown next to fields.
import { h } from './dom.js';
import { t, has, formatDay } from './i18n.js';
import { ApiError } from './api.js';

/**
 * A time of day on a 24-hour clock, whatever the browser's own language ("16:30"; "1630", "16.30" and "7:5" are read
 * too). The browser's time field would follow the browser's language (AM/PM inside a Danish page). Its value is always
 * "HH:MM" once the person leaves it, or what they typed when it is no time, which the field's pattern then refuses.
 */
export function clockInput(attrs = {}) {
  const input = h('input', {
    type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: 5, size: 5, class: 'clock-input',
    pattern: '([01][0-9]|2[0-3]):[0-5][0-9]', placeholder: t('field.clockPlaceholder'), spellcheck: 'false', ...attrs,
  });
  input.addEventListener('change', () => { input.value = normalizeClock(input.value); });
  return input;
}

/** "7.5" → "07:05", "1630" → "16:30"; anything else as it was. */
export function normalizeClock(text) {
  const raw = String(text || '').trim();
  const parts = /^(\d{1,2})[:.,]?(\d{2})$/.exec(raw);
  if (!parts) return raw;
  const [hours, minutes] = [Number(parts[1]), Number(parts[2])];
  if (hours > 23 || minutes > 59) return raw;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

const NATIVE_VALUE = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "5.12.2026", "05/12/2026", "5-12-2026" or "2026-12-05" → "2026-12-05"; null when it is no date. */
export function parseDateText(text) {
  const raw = String(text || '').trim();
  let parts = ISO_DATE.exec(raw)?.slice(1).map(Number);
  if (!parts) {
    const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(raw);
    if (!dmy) return null;
    parts = [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])];
  }
  const [year, month, day] = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A calendar date written the page's way ("05.12.2026" in Danish), whatever the browser's own language: the browser's
 * date field would write it the browser's way (12/05/2026 inside a Danish page). Its `value` reads and takes
 * "YYYY-MM-DD" as a date field's does; what is no date reads as typed and is refused in the page's words.
 */
export function dateInput(attrs = {}) {
  const { value, ...rest } = attrs;
  const input = h('input', {
    type: 'text', autocomplete: 'off', maxlength: 10, size: 10, class: 'date-input',
    placeholder: t('field.datePlaceholder'), spellcheck: 'false', ...rest,
  });
  const shown = (iso) => formatDay(iso, { day: '2-digit', month: '2-digit', year: 'numeric' });
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() {
      const text = NATIVE_VALUE.get.call(input);
      return parseDateText(text) ?? text;
    },
    set(next) {
      NATIVE_VALUE.set.call(input, ISO_DATE.test(String(next || '')) ? shown(next) : String(next ?? ''));
    },
  });
  input.value = value || '';
  input.addEventListener('input', () => input.setCustomValidity(''));
  input.addEventListener('change', () => {
    const text = NATIVE_VALUE.get.call(input);
    const iso = parseDateText(text);
    if (iso) NATIVE_VALUE.set.call(input, shown(iso));
    input.setCustomValidity(text.trim() && !iso ? t('check.date') : '');
  });
  return input;
}

/**
 * A labelled input. Returns { wrap, input }. The error element has id `<id>-error`. `type: 'clock'` is a 24-hour time
 * and `type: 'date'` a date in the page's language; both read as the browser's own fields do.
 */
export function field({ id, label, type = 'text', hint, value, attrs = {} }) {
  let input;
  if (type === 'clock') input = clockInput({ id, name: id, value, ...attrs });
  else if (type === 'date') input = dateInput({ id, name: id, value, ...attrs });
  else input = h('input', { id, name: id, type, value, ...attrs });
  return wrapControl(id, label, input, hint);
}

/** A labelled select. options: [{ value, label }]. */
export function selectField({ id, label, options, value, hint, attrs = {} }) {
  const input = h('select', { id, name: id, ...attrs },
    options.map((opt) => h('option', { value: opt.value, selected: opt.value === value }, opt.label)));
  return wrapControl(id, label, input, hint);
}

/** A labelled textarea for longer text. */
export function textareaField({ id, label, hint, value, attrs = {} }) {
  const input = h('textarea', { id, name: id, value, ...attrs });
  return wrapControl(id, label, input, hint);
}

function wrapControl(id, label, input, hint) {
  const describedBy = [];
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) describedBy.push(hintEl.id);
  const errorEl = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  describedBy.push(errorEl.id);
  input.setAttribute('aria-describedby', describedBy.join(' '));
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), hintEl, input, errorEl);
  return { wrap, input };
}

export function setFieldError(input, message) {
  const errorEl = document.getElementById(`${input.id}-error`);
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    if (errorEl) {
      errorEl.textContent = message;
      errorEl.hidden = false;
    }
  } else {
    input.removeAttribute('aria-invalid');
    if (errorEl) {
      errorEl.textContent = '';
      errorEl.hidden = true;
    }
  }
}

/** Localized message for a failed request. overrides: { <status or problem kind>: i18n key }. */
export function errorText(error, overrides = {}) {
  if (!(error instanceof ApiError)) return t('problem.generic');
  if (error.status === 0) return t('problem.network');
  const key = overrides[error.kind] || overrides[error.status];
  if (key) return t(key);
  if (error.kind === 'rate-limited' && error.retryAfter) {
    if (error.retryAfter < 60) return t('problem.rate-limited-seconds', { seconds: error.retryAfter });
    return t('problem.rate-limited-wait', { minutes: Math.ceil(error.retryAfter / 60) });
  }
  if (error.kind && has(`problem.${error.kind}`)) return t(`problem.${error.kind}`);
  return error.problem?.detail || error.problem?.title || t('problem.generic');
}

/** A localized message for a field error from the server; the server's own text when none is known. */
function fieldErrorText(fieldName, serverMessage, overrides = {}, kind = '') {
  const key = overrides[fieldName] || (kind && has(`fieldError.${kind}`) ? `fieldError.${kind}` : `fieldError.${fieldName}`);
  return has(key) ? t(key) : serverMessage || t('problem.validation');
}

function clientError(input) {
  const v = input.validity;
  if (!v || v.valid) return null;
  if (v.customError) return input.validationMessage;
  if (v.valueMissing) return t('check.required');
  if (v.typeMismatch && input.type === 'email') return t('check.email');
  if (v.patternMismatch && input.classList.contains('clock-input')) return t('check.clock');
  if (v.tooShort) return t('check.tooShort', { min: input.minLength });
  if (v.tooLong) return t('check.tooLong', { max: input.maxLength });
  if (v.rangeUnderflow || v.rangeOverflow || v.stepMismatch || v.badInput) {
    return t('check.range', { min: input.min, max: input.max });
  }
  return t('check.invalid');
}

/** A status line for a form or section (role=status, polite). */
export function statusLine() {
  return h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
}

export function showStatus(el, message, kind = 'info') {
  el.className = `status status-${kind}`;
  el.textContent = message || '';
}

/**
 * Wire up a form.
 * fields: { apiFieldName: inputElement } (used to place server field errors),
 * submit: async () => void, errors: overrides for errorText, status: element for the general message,
 * fieldMessages: { apiFieldName: i18n key } when a field error means something special on this form.
 */
export function handleSubmit(form, { fields = {}, submit, errors = {}, status, fieldMessages = {} }) {
  form.noValidate = true;
  const statusEl = status || form.appendChild(statusLine());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const inputs = Object.values(fields);
    inputs.forEach((input) => setFieldError(input, null));
    showStatus(statusEl, '');
    let firstInvalid = null;
    for (const input of form.querySelectorAll('input, select, textarea')) {
      const message = clientError(input);
      setFieldError(input, message);
      if (message && !firstInvalid) firstInvalid = input;
    }
    if (firstInvalid) {
      firstInvalid.focus();
      return;
    }
    const buttons = [...form.querySelectorAll('button[type="submit"]')];
    buttons.forEach((b) => { b.disabled = true; b.setAttribute('aria-busy', 'true'); });
    try {
      await submit();
    } catch (error) {
      let placed = false;
      if (error instanceof ApiError) {
        for (const [name, message] of Object.entries(error.fieldErrors)) {
          const input = fields[name];
          if (input) {
            setFieldError(input, fieldErrorText(name, message, fieldMessages, error.kind));
            if (!placed) input.focus();
            placed = true;
          }
        }
      }
      const key = error instanceof ApiError && (errors[error.kind] || errors[error.status]);
      if (!placed || key) showStatus(statusEl, errorText(error, errors), 'error');
      else showStatus(statusEl, t('problem.validation'), 'error');
    } finally {
      buttons.forEach((b) => { if (b.isConnected) { b.disabled = false; b.removeAttribute('aria-busy'); } });
    }
  });
  return statusEl;
}

/** A required "I agree to the privacy policy" box, with a link to read it first. */
export function consentCheckbox(id, labelKey) {
  const input = h('input', { type: 'checkbox', id, class: 'check-input', required: true });
  const label = h('label', { for: id }, t(labelKey), ' ', h('a', { href: '#/policy', id: `${id}-policy` }, t('consent.readPolicy')));
  return { input, wrap: h('div', { class: 'check-row' }, input, label) };
}
