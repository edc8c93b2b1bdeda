// The twelve weeks of a goal as a bar chart a parent or teacher reads at a glance: one calm bar a week, a dashed
// line at the week's target, the current week outlined. Nothing red, nothing that says "failed": an empty week is
// just an empty place. The numbers are also a table for a screen reader.
import { h } from '../../dom.js';
import { t, formatDay } from '../../i18n.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  for (const child of children) if (child) el.append(child);
  return el;
}

/** What a week's bar measures, and the line it is drawn against (null: no line). */
export function weekValue(goal, week) {
  if (goal.measure === 'scale') return { value: week.averageRating ?? 0, target: null, max: 5 };
  if (goal.measure === 'count' && goal.period === 'day') return { value: week.daysReached, target: null, max: 7 };
  const target = goal.measure === 'count' ? goal.target : null;
  return { value: week.amount, target, max: Math.max(target || 1, ...[week.amount]) };
}

/** The chart of `item` (an overview item: goal fields and `weeks`), with `id`. */
export function weeksChart(item, id) {
  const width = 360;
  const height = 140;
  const pad = 22;
  const values = item.weeks.map((week) => weekValue(item, week));
  const max = Math.max(1, ...values.map((v) => Math.max(v.max, v.value, v.target || 0)));
  const slot = (width - pad) / values.length;
  const y = (value) => height - pad - (value / max) * (height - 2 * pad);
  const bars = values.map((v, i) => {
    const top = y(v.value);
    const current = i === values.length - 1;
    return svg('rect', {
      x: pad + i * slot + slot * 0.15, y: top, width: slot * 0.7, height: Math.max(0, height - pad - top), rx: 3,
      class: ['chart-bar', item.weeks[i].reached ? 'is-reached' : '', current ? 'is-current' : ''].join(' ').trim(),
    });
  });
  const target = values.find((v) => v.target)?.target;
  const line = target ? svg('line', { x1: pad, x2: width, y1: y(target), y2: y(target), class: 'chart-target' }) : null;
  const labels = [0, values.length - 1].map((i) => svg('text', { x: pad + i * slot + slot / 2, y: height - 6, class: 'chart-label', 'text-anchor': 'middle' },
    document.createTextNode(formatDay(item.weeks[i].start, { day: 'numeric', month: 'short' }))));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'goal-chart', role: 'img', 'aria-labelledby': `${id}-title`, id },
    svg('title', { id: `${id}-title` }, document.createTextNode(t('goals.chartTitle', { title: item.title }))),
    svg('line', { x1: pad, x2: width, y1: height - pad, y2: height - pad, class: 'chart-axis' }),
    ...bars, line, ...labels);
  const table = h('table', { class: 'visually-hidden', id: `${id}-table` },
    h('caption', {}, t('goals.chartTitle', { title: item.title })),
    h('tbody', {}, item.weeks.map((week, i) => h('tr', {},
      h('th', { scope: 'row' }, t('goals.weekOf', { date: formatDay(week.start, { day: 'numeric', month: 'long' }) })),
      h('td', {}, String(Math.round(values[i].value * 10) / 10))))));
  return h('figure', { class: 'goal-figure' }, chart, table);
}

/** Planned and done activities per week, as bars of the share done. */
export function activitiesChart(weeks, id) {
  const item = {
    title: t('goals.activitiesChart'), measure: 'share',
    weeks: weeks.map((w) => ({ start: w.start, amount: w.planned ? Math.round((100 * w.done) / w.planned) : 0, reached: w.planned > 0 && w.done === w.planned })),
  };
  const chart = weeksChart({ ...item, measure: 'count', period: 'week', target: null }, id);
  chart.append(h('figcaption', { class: 'hint' }, t('goals.activitiesCaption')));
  return chart;
}
