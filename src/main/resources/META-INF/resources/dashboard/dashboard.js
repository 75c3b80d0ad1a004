// The operator dashboard: a page over the same JSON API every other client uses, with the same token and roles.
// Data only ever reaches the page through textContent, never as markup.
'use strict';

const state = { tasks: [], cursor: null, open: null };
const $ = (id) => document.getElementById(id);

function token() { return sessionStorage.getItem('ormtask-token') || ''; }

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (token()) headers['Authorization'] = 'Bearer ' + token();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (response.status === 401) throw new Error('Sign in with an API token (the service answered 401).');
  if (response.status >= 400 && (!data || !data.id)) {
    const problem = data || {};
    const what = problem.errors && problem.errors.length > 1 ? problem.errors.join('; ') : (problem.detail || '');
    throw new Error((problem.title || 'HTTP ' + response.status) + ' (' + response.status + '): ' + what);
  }
  return { status: response.status, data };
}

function say(text, isError) {
  $('message').textContent = text || '';
  $('message').className = isError ? 'error' : '';
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) td.className = className;
  return td;
}

function button(parent, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', (e) => { e.stopPropagation(); onClick(); });
  parent.appendChild(b);
  return b;
}

function schedule(task) {
  if (!task.cron) return 'API only';
  const s = task.schedule || {};
  const when = s.paused ? 'paused' : (s.nextFireTime ? 'next ' + s.nextFireTime.replace('T', ' ').replace('Z', '') : '');
  return task.cron + ' (' + task.timeZone + ') ' + when;
}

async function loadTasks() {
  const { data } = await api('GET', '/api/tasks');
  const seen = JSON.stringify(data);
  if (seen === state.tasksSeen) return; // unchanged: leave the table (and what the operator points at) alone
  state.tasksSeen = seen;
  state.tasks = data;
  const body = $('tasks').tBodies[0];
  body.replaceChildren();
  const filter = $('filter-task');
  const chosen = filter.value;
  filter.replaceChildren(new Option('all', ''));
  for (const task of data) {
    filter.add(new Option(task.name, task.name));
    const row = body.insertRow();
    row.dataset.task = task.name;
    cell(row, task.name).title = task.description || '';
    cell(row, task.datasource);
    cell(row, schedule(task));
    const last = task.lastRun;
    const lastCell = cell(row, last ? last.status : 'never', last ? 'status ' + last.status : '');
    if (last) lastCell.addEventListener('click', () => showRun(last.id));
    const actions = row.insertCell();
    if (task.enabled) button(actions, 'Start…', () => openStart(task));
    if (task.cron) {
      const paused = task.schedule && task.schedule.paused;
      button(actions, paused ? 'Resume' : 'Pause', () => act(
          () => api('POST', '/api/tasks/' + encodeURIComponent(task.name) + (paused ? '/resume' : '/pause')),
          task.name + (paused ? ' resumed' : ' paused')));
    }
  }
  filter.value = chosen;
}

function openStart(task) {
  state.open = task;
  $('start-task').textContent = task.name;
  $('start-description').textContent = task.description || '';
  const params = $('start-params');
  params.replaceChildren();
  for (const p of task.parameters) {
    const label = document.createElement('label');
    label.textContent = p.name + (p.required ? ' *' : '') + ' (' + p.type.toLowerCase() + ') ';
    let input;
    if (p.type === 'BOOLEAN') {
      input = document.createElement('select');
      input.add(new Option(p.defaultValue === null ? '(not set)' : '(default ' + p.defaultValue + ')', ''));
      input.add(new Option('true', 'true'));
      input.add(new Option('false', 'false'));
    } else {
      input = document.createElement('input');
      input.placeholder = p.defaultValue === null ? '' : 'default ' + p.defaultValue;
    }
    input.name = p.name;
    input.dataset.type = p.type;
    input.title = p.description || '';
    label.appendChild(input);
    params.appendChild(label);
  }
  $('start-dry-run').checked = false;
  $('start').hidden = false;
}

function parameters() {
  const values = {};
  for (const input of $('start-params').querySelectorAll('input, select')) {
    const raw = input.value.trim();
    if (raw === '') continue;
    const type = input.dataset.type;
    // Numbers and booleans go as JSON numbers and booleans; anything that does not parse is sent as typed, and the
    // service's 400 names the parameter and what it expects.
    if ((type === 'INT' || type === 'LONG' || type === 'DECIMAL') && raw !== '' && !isNaN(Number(raw))) {
      values[input.name] = Number(raw);
    } else if (type === 'BOOLEAN') {
      values[input.name] = raw === 'true';
    } else {
      values[input.name] = raw;
    }
  }
  return values;
}

async function startRun(event) {
  event.preventDefault();
  const task = state.open;
  const dry = $('start-dry-run').checked;
  $('start-submit').disabled = true;
  try {
    say('Starting ' + task.name + '…');
    const path = '/api/tasks/' + encodeURIComponent(task.name) + '/runs?wait=10' + (dry ? '&dryRun=true' : '');
    const { data } = await api('POST', path, parameters());
    say('Run ' + data.id + ' of ' + task.name + ': ' + data.status + (data.error ? ' — ' + data.error.message : ''),
        data.status !== 'SUCCEEDED' && data.status !== 'RUNNING' && data.status !== 'QUEUED');
    $('start').hidden = true;
    await Promise.all([loadTasks(), loadRuns(true)]);
    await showRun(data.id);
  } catch (e) {
    say(e.message, true);
  } finally {
    $('start-submit').disabled = false;
  }
}

async function loadRuns(fromTop) {
  if (fromTop) {
    state.cursor = null;
    state.cursorRequested = false;
  }
  const query = new URLSearchParams({ limit: '25' });
  if ($('filter-task').value) query.set('task', $('filter-task').value);
  if ($('filter-status').value) query.set('status', $('filter-status').value);
  if (state.cursor) query.set('cursor', state.cursor);
  const { data } = await api('GET', '/api/runs?' + query);
  const body = $('runs').tBodies[0];
  if (fromTop) {
    const seen = query.toString() + JSON.stringify(data);
    if (seen === state.runsSeen) {
      state.cursor = data.nextCursor;
      return;
    }
    state.runsSeen = seen;
    body.replaceChildren();
  }
  for (const run of data.runs) {
    const row = body.insertRow();
    row.className = 'clickable';
    row.dataset.run = run.id;
    row.addEventListener('click', () => showRun(run.id));
    cell(row, run.id);
    cell(row, run.task);
    cell(row, run.status, 'status ' + run.status);
    cell(row, run.trigger + (run.attempt > 1 ? ' #' + run.attempt : '') + (run.dryRun ? ' (dry)' : ''));
    cell(row, run.requestedBy);
    cell(row, run.queuedAt.replace('T', ' ').replace('Z', ''));
    cell(row, run.durationMs === null ? '' : run.durationMs + ' ms');
  }
  state.cursor = data.nextCursor;
  $('more').hidden = !data.nextCursor;
}

async function showRun(id) {
  const { data: run } = await api('GET', '/api/runs/' + encodeURIComponent(id));
  $('detail-id').textContent = run.id;
  const fields = $('detail-fields');
  fields.replaceChildren();
  const add = (name, value) => {
    if (value === null || value === undefined) return;
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = typeof value === 'object' ? JSON.stringify(value, null, 2) : String(value);
    dd.dataset.field = name;
    fields.append(dt, dd);
  };
  add('task', run.task);
  add('status', run.status);
  add('trigger', run.trigger);
  add('requested by', run.requestedBy);
  add('caller', run.callerRef);
  add('trace', run.traceId);
  add('parameters', run.params);
  add('dry run', run.dryRun ? 'yes' : null);
  add('result', run.result);
  add('changes', run.changes);
  add('error', run.error ? run.error.message + (run.error.exceptionClass ? ' (' + run.error.exceptionClass + ')' : '') : null);
  add('queued', run.queuedAt);
  add('started', run.startedAt);
  add('finished', run.finishedAt);
  add('duration', run.durationMs === null ? null : run.durationMs + ' ms');
  add('node', run.node);
  add('attempt', run.attempt > 1 ? run.attempt + ' (first ' + run.firstAttemptId + ')' : null);
  const cancel = $('detail-cancel');
  cancel.hidden = !(run.status === 'QUEUED' || run.status === 'RUNNING');
  cancel.onclick = () => act(() => api('POST', '/api/runs/' + encodeURIComponent(run.id) + '/cancel'),
      'Cancel requested for run ' + run.id).then(() => showRun(run.id));
  $('detail').hidden = false;
}

async function act(call, done) {
  try {
    await call();
    say(done);
    await Promise.all([loadTasks(), loadRuns(true)]);
  } catch (e) {
    say(e.message, true);
  }
}

async function refresh() {
  try {
    await Promise.all([loadTasks(), loadRuns(true)]);
  } catch (e) {
    say(e.message, true);
  }
}

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem('ormtask-token', $('token').value.trim());
  $('token').value = '';
  $('signout').hidden = !token();
  say('');
  refresh();
});
$('signout').addEventListener('click', () => {
  sessionStorage.removeItem('ormtask-token');
  $('signout').hidden = true;
  $('tasks').tBodies[0].replaceChildren();
  $('runs').tBodies[0].replaceChildren();
  state.tasksSeen = state.runsSeen = null;
  say('Signed out.');
});
$('start-form').addEventListener('submit', startRun);
$('start-close').addEventListener('click', () => { $('start').hidden = true; });
$('detail-close').addEventListener('click', () => { $('detail').hidden = true; });
$('refresh').addEventListener('click', refresh);
$('filter-task').addEventListener('change', () => loadRuns(true).catch((e) => say(e.message, true)));
$('filter-status').addEventListener('change', () => loadRuns(true).catch((e) => say(e.message, true)));
$('more').addEventListener('click', () => {
  state.cursorRequested = true;
  loadRuns(false).catch((e) => say(e.message, true));
});
$('signout').hidden = !token();
refresh();

// A live view while the tab is visible: the newest runs, the tasks' last runs, and an open run that has not ended.
// Older pages the operator asked for stay as they are.
setInterval(async () => {
  if (document.hidden || state.cursorRequested) return;
  try {
    await Promise.all([loadTasks(), loadRuns(true)]);
    const open = $('detail').hidden ? null : $('detail-id').textContent;
    const status = document.querySelector('#detail dd[data-field=status]');
    if (open && status && (status.textContent === 'QUEUED' || status.textContent === 'RUNNING')) await showRun(open);
  } catch (e) {
    say(e.message, true);
  }
}, 3000);
