// An institution's own pictograms: collections its admins fill through the same safe pipeline as photos,
// seen by its staff, the users it serves and their planners.
import { h, clear } from '../../dom.js';
import { t } from '../../i18n.js';
import { getAll, post, upload, del, seg } from '../../api.js';
import { field, handleSubmit, statusLine, showStatus, errorText } from '../../forms.js';
import { card, submitButton, actionButton } from '../../ui.js';
import { ACCEPTED, pictureTile } from '../../picker.js';

function collectionSection(ctx, inst, collection, isAdmin) {
  const status = statusLine();
  const grid = h('div', { class: 'picture-grid', id: `collection-${collection.id}-pictograms`, role: 'list' });
  const base = `/institutions/${seg(inst.id)}/pictogram-collections/${seg(collection.id)}`;
  const tile = (item) => {
    const wrap = h('div', { class: 'photo', role: 'listitem' }, pictureTile({ src: item.image, name: item.name }));
    if (isAdmin) {
      wrap.append(actionButton(t('pictures.delete'), {
        confirmText: t('pictures.deleteConfirm'), status, props: { class: 'button subtle' },
        action: async () => {
          await del(`${base}/pictograms/${seg(item.id)}`);
          wrap.remove();
        },
      }));
    }
    return wrap;
  };
  getAll(`/pictograms?collectionId=${seg(collection.id)}`).then((items) => {
    clear(grid);
    grid.append(...items.map(tile));
  }, (error) => showStatus(status, errorText(error), 'error'));

  const parts = [h('h3', {}, collection.name)];
  if (isAdmin) {
    const name = field({
      id: `collection-${collection.id}-name`, label: t('collections.pictogramName'),
      attrs: { required: true, maxlength: 100, autocomplete: 'off' },
    });
    const file = h('input', { type: 'file', id: `collection-${collection.id}-file`, accept: ACCEPTED, required: true });
    const form = h('form', { class: 'stack inline-form', id: `collection-${collection.id}-form` },
      name.wrap, h('div', { class: 'field' }, h('label', { for: file.id }, t('collections.picture')), file),
      submitButton(t('collections.add'), `collection-${collection.id}-submit`));
    handleSubmit(form, {
      fields: { name: name.input, file },
      status,
      submit: async () => {
        const added = await upload(`${base}/pictograms`, file.files[0], { name: name.input.value.trim() });
        grid.prepend(tile(added));
        form.reset();
        showStatus(status, t('collections.added'), 'success');
      },
    });
    parts.push(form, actionButton(t('collections.delete'), {
      confirmText: t('collections.deleteConfirm'), status, props: { class: 'button subtle', id: `collection-${collection.id}-delete` },
      action: async () => {
        await del(base);
        ctx.refresh();
      },
    }));
  }
  return h('section', { class: 'stack collection', id: `collection-${collection.id}` }, ...parts, status, grid);
}

export function pictogramsCard(ctx, inst, isAdmin) {
  const holder = h('div', { class: 'stack', id: 'collections' });
  const status = statusLine();
  getAll(`/institutions/${seg(inst.id)}/pictogram-collections`).then((collections) => {
    clear(holder);
    if (!collections.length) holder.append(h('p', { class: 'empty', id: 'collections-empty' }, t('collections.none')));
    holder.append(...collections.map((c) => collectionSection(ctx, inst, c, isAdmin)));
  }, (error) => showStatus(status, errorText(error), 'error'));
  const body = [h('p', { class: 'hint' }, t('collections.lead')), status, holder];
  if (isAdmin) {
    const name = field({ id: 'collection-name', label: t('collections.name'), attrs: { required: true, maxlength: 100, autocomplete: 'off' } });
    const form = h('form', { id: 'collection-form', class: 'stack inline-form' }, name.wrap, submitButton(t('collections.create'), 'collection-submit'));
    handleSubmit(form, {
      fields: { name: name.input },
      submit: async () => {
        await post(`/institutions/${seg(inst.id)}/pictogram-collections`, { name: name.input.value.trim() });
        ctx.refresh();
      },
    });
    body.push(form);
  }
  return card(t('collections.title'), ...body);
}
