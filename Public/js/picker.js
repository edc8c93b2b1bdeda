// The picture picker, used wherever a picture is chosen: a pictogram from the archive (searched in the
// UI language) or one of the person's own photos, with upload from the camera or a file.
import { h, clear } from './dom.js';
import { t, getLocale } from './i18n.js';
import { get, getAll, upload, seg } from './api.js';
import { errorText, statusLine, showStatus } from './forms.js';
import { button } from './ui.js';

export const ACCEPTED = 'image/jpeg,image/png,image/webp,image/heic,image/heif,image/gif';
const MAX_BYTES = 20 * 1024 * 1024;

/** A square button showing a picture (and its name, for pictograms). */
export function pictureTile({ src, name, id, onClick }) {
  return h('button', { type: 'button', class: 'picture-tile', id, onClick, title: name || undefined },
    h('img', { src, alt: name || t('picker.photo'), loading: 'lazy', decoding: 'async' }),
    name ? h('span', { class: 'picture-name' }, name) : null);
}

export const thumbUrl = (picture) => `/api/v1/pictures/${seg(picture.id)}?size=thumb`;

/** "Take a photo" and "Choose a file": upload to the person's photos, then `onUploaded(picture)`. */
export function uploadButtons({ user, status, onUploaded, idPrefix }) {
  const make = (suffix, labelKey, capture) => {
    const id = `${idPrefix}-${suffix}`;
    const input = h('input', { type: 'file', id, accept: ACCEPTED, class: 'visually-hidden', capture });
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      input.value = '';
      if (!file) return;
      if (file.size > MAX_BYTES) {
        showStatus(status, t('picker.tooLarge'), 'error');
        return;
      }
      showStatus(status, t('picker.uploading'), 'info');
      try {
        const picture = await upload(`/users/${seg(user.id)}/pictures`, file);
        showStatus(status, t('picker.uploaded'), 'success');
        onUploaded(picture);
      } catch (error) {
        showStatus(status, errorText(error), 'error');
      }
    });
    return h('label', { class: 'button upload-button', for: id }, t(labelKey), input);
  };
  return h('div', { class: 'actions' },
    make('camera', 'picker.takePhoto', 'environment'), make('file', 'picker.chooseFile'));
}

/** The credit OpenMoji's licence asks for, next to its pictograms. */
export function attribution() {
  return h('p', { class: 'hint picker-attribution' }, t('footer.pictograms'), ' ',
    t('footer.openMoji'), ' · ',
    h('a', { href: '/licenses/openmoji-cc-by-sa-4.0.txt', target: '_blank' }, 'CC BY-SA 4.0'));
}

function pictogramPanel(user, choose) {
  const input = h('input', {
    type: 'search', id: 'picker-search', class: 'input', autocomplete: 'off',
    placeholder: t('picker.searchHint'), 'aria-label': t('picker.search'),
  });
  const grid = h('div', { class: 'picture-grid', id: 'picker-pictograms' });
  const status = statusLine();
  let latest = 0;
  let timer = null;
  // The grid says which words it shows and is busy while newer words are on their way, so a
  // screen reader (and a test) never takes a tile from an answer that is about to be replaced.
  async function search() {
    const mine = ++latest;
    const words = input.value.trim();
    const q = encodeURIComponent(words);
    grid.setAttribute('aria-busy', 'true');
    try {
      const page = await get(`/pictograms?q=${q}&lang=${getLocale()}&userId=${seg(user.id)}&limit=48`);
      if (mine !== latest) return;
      clear(grid);
      grid.append(...page.items.map((item) => pictureTile({
        src: item.image, name: item.name, id: `picker-pictogram-${item.code || item.id}`,
        onClick: () => choose({ kind: 'pictogram', id: item.id, image: item.image, name: item.name }),
      })));
      grid.dataset.words = words;
      grid.setAttribute('aria-busy', 'false');
      showStatus(status, page.items.length ? '' : t('picker.noMatch'), 'info');
    } catch (error) {
      if (mine !== latest) return;
      grid.setAttribute('aria-busy', 'false');
      showStatus(status, errorText(error), 'error');
    }
  }
  input.addEventListener('input', () => {
    grid.setAttribute('aria-busy', 'true');
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  search();
  return { panel: h('div', { class: 'stack' }, input, status, grid, attribution()), focus: input };
}

function photosPanel(user, choose, canUpload) {
  const grid = h('div', { class: 'picture-grid', id: 'picker-photos' });
  const status = statusLine();
  const tile = (picture) => pictureTile({
    src: thumbUrl(picture), id: `picker-photo-${picture.id}`,
    onClick: () => choose({ kind: 'picture', id: picture.id, image: thumbUrl(picture) }),
  });
  getAll(`/users/${seg(user.id)}/pictures`).then((pictures) => {
    clear(grid); // an upload may have come first: the list has it too
    grid.append(...pictures.reverse().map(tile));
    if (!pictures.length) showStatus(status, t('picker.noPhotos'), 'info');
  }, (error) => showStatus(status, errorText(error), 'error'));
  const buttons = canUpload
    ? uploadButtons({ user, status, idPrefix: 'picker-upload', onUploaded: (picture) => grid.prepend(tile(picture)) })
    : null;
  return { panel: h('div', { class: 'stack' }, buttons, status, grid), focus: null };
}

/**
 * Opens the picker for `user` (whose own pictogram names it shows). Resolves with
 * { kind: 'pictogram' | 'picture', id, image, name? }, or null when closed without a choice.
 */
export function pickPicture({ user, canUpload = true, pictogramsOnly = false }) {
  // One picker at a time: a second press while one is open replaces it.
  document.getElementById('picker')?.close();
  return new Promise((resolve) => {
    let result = null;
    const dialog = h('dialog', { class: 'picker', id: 'picker', 'aria-labelledby': 'picker-title' });
    const choose = (choice) => {
      result = choice;
      dialog.close();
    };
    // Going to another page closes it, as every dialog: it belongs to the page it was opened on.
    const leave = () => dialog.close();
    window.addEventListener('hashchange', leave);
    dialog.addEventListener('close', () => {
      window.removeEventListener('hashchange', leave);
      dialog.remove();
      resolve(result);
    });
    document.getElementById('picker')?.remove();
    const panels = { pictograms: pictogramPanel(user, choose) };
    if (!pictogramsOnly) panels.photos = photosPanel(user, choose, canUpload);
    const tabs = {};
    const show = (name) => {
      for (const [key, { panel }] of Object.entries(panels)) {
        panel.hidden = key !== name;
        tabs[key].setAttribute('aria-selected', String(key === name));
      }
      panels[name].focus?.focus();
    };
    for (const key of Object.keys(panels)) {
      tabs[key] = h('button', {
        type: 'button', role: 'tab', id: `picker-tab-${key}`, class: 'tab', onClick: () => show(key),
      }, t(`picker.${key}`));
      panels[key].panel.setAttribute('role', 'tabpanel');
      panels[key].panel.setAttribute('aria-labelledby', `picker-tab-${key}`);
    }
    dialog.append(
      h('div', { class: 'picker-head' },
        h('h2', { id: 'picker-title' }, t('picker.title')),
        button(t('picker.close'), { id: 'picker-close', onClick: () => dialog.close() })),
      h('div', { class: 'tabs', role: 'tablist' }, Object.values(tabs)),
      ...Object.values(panels).map((p) => p.panel));
    document.body.append(dialog);
    dialog.showModal();
    show('pictograms');
  });
}
