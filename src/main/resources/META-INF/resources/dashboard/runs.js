// The runs, newest first: filters, rows reachable by keyboard, older pages on demand (and still refreshed).
import { html } from './html.js';
import { duration, shortId, time, words, zone } from './format.js';
import { filter, olderRuns, openRun, refresh } from './actions.js';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED'];

function trigger(run) {
  return run.trigger + (run.attempt > 1 ? ' #' + run.attempt : '') + (run.dryRun ? ' (dry)' : '')
      + (run.rerunOf ? ' ↻' : '');
}

function RunRow({ run, utc }) {
  const open = (e) => openRun(run.id, e.currentTarget);
  const keys = (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(e);
    }
  };
  return html`<tr data-run=${run.id} class="clickable" tabindex="0" onClick=${open} onKeyDown=${keys}
      aria-label=${'run ' + run.id + ' of ' + run.task + ', ' + words(run.status)}>
    <td data-label="Run" title=${run.id}><span class="mono">${shortId(run.id)}</span></td>
    <td data-label="Task">${run.task}</td>
    <td data-label="Status" class=${'status ' + run.status}>${run.status}${run.progress && run.progress.total
      ? html` <span class="muted">${Math.floor((100 * run.progress.done) / run.progress.total)} %</span>` : ''}</td>
    <td data-label="Trigger" title=${run.rerunOf ? 're-run of ' + run.rerunOf : ''}>${trigger(run)}</td>
    <td data-label="By">${run.requestedBy}</td>
    <td data-label="Queued" data-time=${run.queuedAt}>${time(run.queuedAt, zone(utc))}</td>
    <td data-label="Duration">${duration(run.durationMs)}</td>
  </tr>`;
}

export function Runs({ state }) {
  const filtered = state.filterTask || state.filterStatus;
  return html`<section aria-labelledby="runs-title">
    <h2 id="runs-title">Runs</h2>
    <form id="filter" onSubmit=${(e) => e.preventDefault()}>
      <label>Task <select id="filter-task" value=${state.filterTask}
          onChange=${(e) => filter({ filterTask: e.currentTarget.value })}>
        <option value="">all</option>
        ${state.tasks.map((t) => html`<option key=${t.name} value=${t.name}>${t.name}</option>`)}
      </select></label>
      <label>Status <select id="filter-status" value=${state.filterStatus}
          onChange=${(e) => filter({ filterStatus: e.currentTarget.value })}>
        <option value="">all</option>
        ${STATUSES.map((s) => html`<option key=${s} value=${s}>${s}</option>`)}
      </select></label>
      <button type="button" id="refresh" onClick=${refresh}>Refresh</button>
    </form>
    <table id="runs" class="cards">
      <thead><tr><th>Run</th><th>Task</th><th>Status</th><th>Trigger</th><th>By</th>
        <th>Queued (<span class="zone">${zone(state.utc)}</span>)</th><th>Duration</th></tr></thead>
      <tbody>${state.runs.map((run) => html`<${RunRow} key=${run.id} run=${run} utc=${state.utc} />`)}</tbody>
    </table>
    ${state.me && !state.runs.length ? html`<p id="runs-empty" class="muted">
      ${filtered ? 'No runs match these filters.' : 'No runs yet.'}</p>` : ''}
    ${state.runsCursor ? html`<button type="button" id="more" onClick=${olderRuns}>Older runs</button>` : ''}
  </section>`;
}
