// One run, in a panel that opens where the operator is looking: fields, live progress and log, and its actions.
import { useEffect, useRef } from 'preact/hooks';
import { html } from './html.js';
import { ACTIVE, duration, time, zone } from './format.js';
import { Progress } from './charts.js';
import { cancelRun, closeRun, rerun } from './actions.js';
import { hasRole, mayStart } from './store.js';

function Field({ name, value, children }) {
  if ((value === null || value === undefined || value === '') && !children) return null;
  return html`<dt>${name}</dt><dd data-field=${name}>${children
    || (typeof value === 'object' ? JSON.stringify(value, null, 2) : String(value))}</dd>`;
}

function Log({ log, zone: z }) {
  const box = useRef(null);
  const count = log.lines.length;
  const newest = count ? log.lines[count - 1].seq : 0; // not the count: it stays at the bound once lines drop out
  useEffect(() => { // follow the newest line, unless the operator scrolled up to read
    const el = box.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 60) el.scrollTop = el.scrollHeight;
  }, [newest]);
  // Rows without keys: the log is a window that slides once lines drop out, and keyed by seq the page stopped
  // drawing new lines (the DOM stayed at an older window while the state held the newest); by position, each row
  // just takes the text of its line.
  return html`<section class="log" aria-label="Run log">
    <h3>Log ${log.complete ? '' : html`<span class="muted">(live)</span>`}</h3>
    ${log.droppedLines ? html`<p id="detail-log-dropped" class="muted">… ${log.droppedLines} earlier
      line${log.droppedLines > 1 ? 's' : ''} dropped (ormtask.runlog.max-lines)</p>` : ''}
    <pre id="detail-log" ref=${box} tabindex="0">${count ? log.lines.map((l) => html`<div
        class=${'line ' + l.level} data-seq=${l.seq}><span class="muted">${time(l.at, z).slice(11)}</span> ${l.level.padEnd(5)} ${l.message}</div>`)
      : html`<span class="muted">${log.complete ? 'The task logged nothing.' : 'No lines yet.'}</span>`}</pre>
  </section>`;
}

export function Detail({ state }) {
  const heading = useRef(null);
  const run = state.open;
  const id = state.openId;
  useEffect(() => { // the panel takes the focus when it opens, so Esc and Tab work from there
    if (heading.current) heading.current.focus();
  }, [id]);
  const z = zone(state.utc);
  const task = run && state.tasks.find((t) => t.name === run.task);
  const at = (iso) => (iso ? time(iso, z) + ' ' + z : null);
  return html`<section id="detail" class="panel side" role="dialog" aria-modal="false" aria-labelledby="detail-title">
    <h2 id="detail-title" tabindex="-1" ref=${heading}>Run <span id="detail-id">${id}</span></h2>
    <p><a id="detail-link" href=${'#/runs/' + id}>Link to this run</a> <span class="muted">· Esc closes</span></p>
    ${!run ? html`<p class="muted">Loading…</p>` : html`
      <${Progress} run=${run} now=${Date.now()} />
      <dl id="detail-fields">
        <${Field} name="task" value=${run.task} />
        <${Field} name="status" value=${run.status} />
        <${Field} name="trigger" value=${run.trigger} />
        <${Field} name="requested by" value=${run.requestedBy} />
        <${Field} name="caller" value=${run.callerRef} />
        <${Field} name="trace" value=${run.traceId} />
        <${Field} name="parameters" value=${run.params} />
        <${Field} name="dry run" value=${run.dryRun ? 'yes' : null} />
        <${Field} name="result" value=${run.result} />
        <${Field} name="changes" value=${run.changes} />
        <${Field} name="error" value=${run.error ? run.error.message
          + (run.error.exceptionClass ? ' (' + run.error.exceptionClass + ')' : '') : null} />
        <${Field} name="queued" value=${at(run.queuedAt)} />
        <${Field} name="started" value=${at(run.startedAt)} />
        <${Field} name="finished" value=${at(run.finishedAt)} />
        <${Field} name="duration" value=${run.durationMs === null ? null : duration(run.durationMs)} />
        <${Field} name="node" value=${run.node} />
        <${Field} name="attempt" value=${run.attempt > 1 ? run.attempt + ' (first ' + run.firstAttemptId + ')' : null} />
        ${run.rerunOf ? html`<${Field} name="re-run of"><a href=${'#/runs/' + run.rerunOf}>${run.rerunOf}</a></${Field}>` : ''}
      </dl>
      <div class="buttons">
        ${ACTIVE.includes(run.status) && hasRole('operator')
          ? html`<button type="button" id="detail-cancel" onClick=${() => cancelRun(run)}>Cancel run</button>` : ''}
        ${task && mayStart(task) ? html`
          <button type="button" id="detail-rerun" disabled=${state.busy} onClick=${() => rerun(run, false)}>Re-run</button>
          <button type="button" id="detail-rerun-dry" disabled=${state.busy} onClick=${() => rerun(run, true)}>
            Re-run as dry run</button>` : ''}
        <button type="button" id="detail-close" onClick=${closeRun}>Close</button>
      </div>
      <${Log} log=${state.log} zone=${z} />`}
  </section>`;
}

