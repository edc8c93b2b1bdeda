// The guard against sensitive pictures, as the uploader meets it: when the server holds a photo because it seems to show
// a CPR number, an address, an email address, a phone number or a name of the circle, the photo is shown with what was
// found boxed, and the uploader blurs it, keeps a part of it, saves it as it is, or lets it go. Nothing is saved until
// they choose.
import { h } from './dom.js';
import { t } from './i18n.js';
import { upload, post, del, seg, apiUrl } from './api.js';
import { openDialog } from './dialog.js';
import { errorText, statusLine, showStatus } from './forms.js';
import { button } from './ui.js';

/** Uploads a picture; resolves with the picture saved, or null when the uploader let a held one go. */
export async function uploadGuarded(path, file) {
  const answer = await upload(path, file);
  return Array.isArray(answer?.findings) ? reviewHold(answer) : answer;
}

const percent = (part, whole) => `${(100 * part) / whole}%`;

/** The part of the picture to keep when cutting: the largest band above, below, left or right of everything found. */
function defaultPart(hold) {
  const boxes = hold.findings.map((f) => f.box);
  const top = Math.min(...boxes.map((b) => b.y));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  const left = Math.min(...boxes.map((b) => b.x));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bands = [
    { x: 0, y: 0, width: hold.width, height: top },
    { x: 0, y: bottom, width: hold.width, height: hold.height - bottom },
    { x: 0, y: 0, width: left, height: hold.height },
    { x: right, y: 0, width: hold.width - right, height: hold.height },
  ].filter((b) => b.width >= 16 && b.height >= 16);
  bands.sort((a, b) => b.width * b.height - a.width * a.height);
  return bands[0] || { x: 0, y: 0, width: hold.width, height: hold.height };
}

/** Shows a held upload and resolves with the picture the uploader chose to save, or null. */
export function reviewHold(hold) {
  const kinds = [...new Set(hold.findings.map((f) => f.kind))].map((kind) => t(`guard.kind.${kind}`));
  let part = defaultPart(hold);
  let cutting = false;
  let saved = false;
  const base = `/picture-holds/${seg(hold.id)}`;
  // Placed through the style object: the Content-Security-Policy allows no style attributes.
  const place = (el, box) => Object.assign(el.style, {
    left: percent(box.x, hold.width), top: percent(box.y, hold.height),
    width: percent(box.width, hold.width), height: percent(box.height, hold.height),
  }) && el;
  return openDialog({ id: 'picture-guard', title: t('guard.title'), className: 'picture-guard' }, ({ finish, dialog }) => {
    const status = statusLine();
    const area = h('div', { class: 'guard-part', hidden: true, id: 'guard-part' });
    const stage = h('div', { class: 'guard-stage', id: 'guard-stage' },
      h('img', { src: apiUrl(`${base}/picture?size=display`), alt: t('guard.pictureAlt'), id: 'guard-picture' }),
      ...hold.findings.map((found, index) => place(
        h('span', { class: 'guard-box', id: `guard-box-${index}`, title: t(`guard.kind.${found.kind}`) }), found.box)),
      area);
    const hint = h('p', { class: 'hint', id: 'guard-hint' }, t('guard.hint'));
    const drawPart = () => {
      area.hidden = !cutting;
      stage.classList.toggle('cutting', cutting);
      hint.textContent = t(cutting ? 'guard.cutHint' : 'guard.hint');
      place(area, part);
    };
    // Dragging over the picture chooses the part to keep; without dragging, the largest part free of what was found.
    let start = null;
    const point = (event) => {
      const rect = stage.getBoundingClientRect();
      const clamp = (v) => Math.min(1, Math.max(0, v));
      return { x: clamp((event.clientX - rect.left) / rect.width) * hold.width, y: clamp((event.clientY - rect.top) / rect.height) * hold.height };
    };
    stage.addEventListener('pointerdown', (event) => {
      if (!cutting) return;
      start = point(event);
      stage.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    stage.addEventListener('pointermove', (event) => {
      if (!start) return;
      const end = point(event);
      part = {
        x: Math.round(Math.min(start.x, end.x)), y: Math.round(Math.min(start.y, end.y)),
        width: Math.round(Math.abs(end.x - start.x)), height: Math.round(Math.abs(end.y - start.y)),
      };
      drawPart();
    });
    stage.addEventListener('pointerup', () => { start = null; });

    const act = (fn) => async () => {
      for (const control of dialog.querySelectorAll('.guard-actions button')) control.disabled = true;
      showStatus(status, t('guard.saving'), 'info');
      try {
        const picture = await fn();
        saved = true;
        finish(picture);
      } catch (error) {
        showStatus(status, errorText(error), 'error');
        for (const control of dialog.querySelectorAll('.guard-actions button')) control.disabled = false;
      }
    };
    const choices = h('div', { class: 'actions guard-actions', id: 'guard-choices' },
      button(t('guard.blur'), { class: 'button primary', id: 'guard-blur', onClick: act(() => post(`${base}/blur`, {})) }),
      button(t('guard.cut'), {
        id: 'guard-cut',
        onClick: () => {
          cutting = true;
          choices.hidden = true;
          cutChoices.hidden = false;
          drawPart();
        },
      }),
      button(t('guard.keep'), { id: 'guard-keep', onClick: act(() => post(`${base}/keep`)) }),
      button(t('guard.cancel'), { class: 'button subtle', id: 'guard-cancel', onClick: () => finish(null) }));
    const cutChoices = h('div', { class: 'actions guard-actions', id: 'guard-cut-choices', hidden: true },
      button(t('guard.saveCut'), { class: 'button primary', id: 'guard-save-cut', onClick: act(() => post(`${base}/crop`, part)) }),
      button(t('guard.back'), {
        class: 'button subtle',
        id: 'guard-back',
        onClick: () => {
          cutting = false;
          choices.hidden = false;
          cutChoices.hidden = true;
          drawPart();
        },
      }));
    // Closed without a choice (the close button, Escape): the held photo goes, as with "Don't save".
    dialog.addEventListener('close', () => {
      if (!saved) del(base).catch(() => {});
    });
    return [
      h('p', { id: 'guard-intro' }, t('guard.intro', { found: kinds.join(', ') })),
      stage,
      choices,
      cutChoices,
      status,
      hint,
    ];
  });
}
