// Small inline SVG pictures drawn from the API's numbers: a task's last outcomes, its durations, a run's progress.
import { html } from './html.js';
import { duration, time, words } from './format.js';

/** The newest runs as a strip of squares, oldest on the left; each says what it was when pointed at. */
export function Strip({ runs, zone }) {
  const oldestFirst = runs.slice().reverse();
  const size = 9;
  return html`<svg class="strip" role="img" width=${oldestFirst.length * (size + 2)} height=${size + 2}
      aria-label=${'last ' + runs.length + ' runs: ' + oldestFirst.map((r) => words(r.status)).join(', ')}>
    ${oldestFirst.map((run, i) => html`<rect key=${run.id} x=${i * (size + 2)} y="1" width=${size} height=${size}
        rx="2" class=${'fill-' + run.status} data-status=${run.status}>
      <title>${words(run.status) + (run.durationMs === null ? '' : ' in ' + duration(run.durationMs)) + ' · '
          + time(run.queuedAt, zone)}</title></rect>`)}
  </svg>`;
}

/** Durations of the newest runs that ran, oldest on the left, scaled to the longest. */
export function Sparkline({ runs }) {
  const points = runs.filter((r) => r.durationMs !== null).reverse();
  if (points.length < 2) return html`<span class="muted">${points.length ? duration(points[0].durationMs) : '–'}</span>`;
  const width = 80;
  const height = 20;
  const max = Math.max(...points.map((r) => r.durationMs), 1);
  const step = width / (points.length - 1);
  const coordinates = points.map((r, i) => (i * step).toFixed(1) + ',' + (height - 1 - (r.durationMs / max) * (height - 2)).toFixed(1));
  return html`<span class="spark"><svg class="sparkline" role="img" width=${width} height=${height}
      aria-label=${'durations of the last ' + points.length + ' runs, longest ' + duration(max)}>
    <polyline points=${coordinates.join(' ')} fill="none" />
  </svg> <span class="muted">max ${duration(max)}</span></span>`;
}

/** A run's progress: a bar when the total is known, with how long it has run and about how long it still needs. */
export function Progress({ run, now }) {
  const p = run.progress;
  if (!p) return null;
  const known = p.total !== null && p.total > 0;
  const ratio = known ? Math.min(1, p.done / p.total) : null;
  const elapsed = run.startedAt ? (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.startedAt) : null;
  const left = p.estimatedFinishAt && run.status === 'RUNNING' ? Math.max(0, Date.parse(p.estimatedFinishAt) - now) : null;
  return html`<div id="detail-progress" class="progress-block">
    <div class=${'progress' + (known ? '' : ' unknown')} role="progressbar" aria-valuemin="0"
        aria-valuemax=${known ? p.total : undefined} aria-valuenow=${p.done}
        aria-label="progress">
      <div class="bar" style=${'width:' + (known ? (ratio * 100).toFixed(1) : 100) + '%'}></div>
    </div>
    <p class="progress-text">
      <span data-progress="done">${p.done.toLocaleString('en')}</span>${known
        ? html` of <span data-progress="total">${p.total.toLocaleString('en')}</span> (${Math.floor(ratio * 100)} %)` : ' done'}
      ${p.message ? html` · <span data-progress="message">${p.message}</span>` : ''}
      ${elapsed !== null ? html` · <span data-progress="elapsed">${(run.finishedAt ? 'took ' : 'running for ') + duration(elapsed)}</span>` : ''}
      ${left !== null ? html` · <span data-progress="left">about ${duration(left)} left</span>` : ''}
    </p>
  </div>`;
}
