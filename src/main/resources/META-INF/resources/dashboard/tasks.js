// The tasks: schedule in the task's own zone, the last outcomes, success rate, durations, and what may be done.
import { html } from './html.js';
import { duration, percent, time, words, zone } from './format.js';
import { Sparkline, Strip } from './charts.js';
import { openStart, pauseOrResume } from './actions.js';
import { hasRole, mayStart } from './store.js';

function Schedule({ task }) {
  if (!task.cron) return html`<span class="muted">API only</span>`;
  const s = task.schedule || {};
  return html`<span class="cron">${task.cron}</span><br />
    ${s.paused ? html`<span class="paused">paused</span>`
      : s.nextFireTime ? html`next <span data-next>${time(s.nextFireTime, task.timeZone)}</span>${' '}<span
          class="zone">${task.timeZone}</span>` : ''}
    ${s.firesOnThisReplica === false ? html`<br /><span class="muted">(another replica fires it)</span>` : ''}`;
}

function Last24h({ task }) {
  const day = task.last24h;
  if (!day || !day.runs) return html`<span class="muted">no runs</span>`;
  return html`<span title=${Object.entries(day.byStatus).filter(([, n]) => n).map(([s, n]) => n + ' ' + words(s)).join(', ')}>
    <b data-rate>${percent(day.successRate)}</b> <span class="muted">of ${day.runs}</span></span>`;
}

function TaskRow({ task, utc }) {
  const last = task.lastRun;
  return html`<tr data-task=${task.name}>
    <td data-label="Task"><b title=${task.description || ''}>${task.name}</b>
      ${task.enabled ? '' : html` <span class="muted">(disabled)</span>`}
      ${task.description ? html`<br /><span class="muted description">${task.description}</span>` : ''}</td>
    <td data-label="Datasource">${task.datasource}</td>
    <td data-label="Schedule"><${Schedule} task=${task} /></td>
    <td data-label="Last runs" class="chart"><${Strip} runs=${task.recent} zone=${zone(utc)} /></td>
    <td data-label="Success, 24 h"><${Last24h} task=${task} /></td>
    <td data-label="Durations" class="chart"><${Sparkline} runs=${task.recent} /></td>
    <td data-label="Last run">${last ? html`<a href=${'#/runs/' + last.id} class=${'status ' + last.status}
        data-last-run=${last.id}>${words(last.status)}</a>${last.durationMs === null ? ''
          : html` <span class="muted">${duration(last.durationMs)}</span>`}` : html`<span class="muted">never</span>`}</td>
    <td class="actions">
      ${mayStart(task) ? html`<button type="button" onClick=${(e) => openStart(task, e.currentTarget)}>Start…</button>` : ''}
      ${task.cron && hasRole('operator') ? html`<button type="button" onClick=${() => pauseOrResume(task)}>
        ${task.schedule && task.schedule.paused ? 'Resume' : 'Pause'}</button>` : ''}
    </td>
  </tr>`;
}

export function Tasks({ state }) {
  return html`<section aria-labelledby="tasks-title">
    <h2 id="tasks-title">Tasks</h2>
    <table id="tasks" class="cards">
      <thead><tr><th>Task</th><th>Datasource</th><th>Schedule</th><th>Last runs</th><th>Success, 24 h</th>
        <th>Durations</th><th>Last run</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${state.tasks.map((task) => html`<${TaskRow} key=${task.name} task=${task} utc=${state.utc} />`)}</tbody>
    </table>
    ${state.me && !state.tasks.length ? html`<p class="muted">No tasks are registered.</p>` : ''}
  </section>`;
}
