// What the operator can do, and how the page keeps itself current: each action calls the API and updates the store.
import { api, FROM_DASHBOARD, keepToken, path } from './api.js';
import { ACTIVE } from './format.js';
import { PAGE, set, store } from './store.js';

let messages = 0;

/** Shows a message at the top; it goes away by itself (info after 10 s, errors after 30 s) or when replaced. */
export function say(text, kind = 'info', source = 'action') {
  const id = ++messages;
  set({ message: text ? { text, kind, source, id } : null });
  if (text) {
    setTimeout(() => {
      if (store.message && store.message.id === id) set({ message: null });
    }, kind === 'error' ? 30000 : 10000);
  }
}

const EMPTY_LOG = { lines: [], droppedLines: 0, nextAfter: 0, complete: false };

/** Asks the service who the token belongs to; the page shows data only once it answered. */
export async function boot() {
  try {
    const { data } = await api('GET', '/api/me');
    set({ me: data });
    await refresh();
    await showRoute();
  } catch (e) {
    set({ me: null });
    say(e.message, e.status === 401 ? 'info' : 'error', 'refresh');
  }
}

export async function signIn(value) {
  keepToken(value.trim());
  try {
    const { data } = await api('GET', '/api/me');
    set({ me: data });
    say('Signed in as ' + data.name + ' (' + data.roles.join(', ') + ').');
    await refresh();
    await showRoute();
  } catch (e) {
    keepToken('');
    set({ me: null });
    say(e.status === 401 ? 'That token was not accepted (401): check it and sign in again.' : e.message, 'error');
  }
}

/** Forgets the token and everything it showed: tasks, runs, counts, an open run or form. */
export function signOut() {
  keepToken('');
  history.replaceState(null, '', location.pathname + location.search);
  set({
    me: null, tasks: [], overview: null, runs: [], runsCursor: null, runsLimit: PAGE, starting: null,
    openId: null, open: null, log: EMPTY_LOG, returnFocus: null,
  });
  say('Signed out.');
}

/** Tasks, counts and the runs shown, as they are now; what the operator looks at stays where it is. */
export async function refresh() {
  if (!store.me) return;
  try {
    await Promise.all([loadTasks(), loadOverview(), loadRuns()]);
    if (store.message && store.message.source === 'refresh') set({ message: null });
  } catch (e) {
    if (e.status === 401) set({ me: null });
    say(e.message, 'error', 'refresh');
  }
}

async function loadTasks() {
  const { data } = await api('GET', '/api/tasks');
  set({ tasks: data });
}

async function loadOverview() {
  const { data } = await api('GET', '/api/overview');
  set({ overview: data });
}

function runsQuery(limit, cursor) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (store.filterTask) query.set('task', store.filterTask);
  if (store.filterStatus) query.set('status', store.filterStatus);
  if (cursor) query.set('cursor', cursor);
  return '/api/runs?' + query;
}

// Every refresh reads the newest runs down to as many as are shown, so new runs and status changes appear also
// after "Older runs" (one request: at most MAX_PAGE, the API's largest page). Runs shown below that page stay as they
// were loaded, with the cursor after them: a refresh cut the list back to 500 runs and "Older runs" never got past.
const MAX_PAGE = 500;
async function loadRuns() {
  const filters = store.filterTask + '|' + store.filterStatus;
  const { data } = await api('GET', runsQuery(Math.min(MAX_PAGE, store.runsLimit)));
  if (filters !== store.filterTask + '|' + store.filterStatus) return; // the filters changed meanwhile
  let runs = data.runs;
  let runsCursor = data.nextCursor;
  if (store.runsLimit > MAX_PAGE && runsCursor && runs.length) {
    const oldest = runs[runs.length - 1].id; // ids sort as the runs were queued (UUIDv7), the list newest first
    const below = store.runs.findIndex((run) => run.id < oldest);
    // Only where the page reaches the run shown just above them: after more new runs than a page (a tab asleep)
    // there is a gap, and the list starts again from the page, with its own cursor.
    if (below > 0 && runs.some((run) => run.id === store.runs[below - 1].id)) {
      runs = runs.concat(store.runs.slice(below));
      runsCursor = store.runsCursor;
    }
  }
  set({ runs, runsCursor });
}

export async function olderRuns() {
  try {
    const { data } = await api('GET', runsQuery(PAGE, store.runsCursor));
    set({ runs: store.runs.concat(data.runs), runsCursor: data.nextCursor, runsLimit: store.runsLimit + PAGE });
  } catch (e) {
    say(e.message, 'error');
  }
}

export function filter(patch) {
  set({ ...patch, runsLimit: PAGE });
  loadRuns().catch((e) => say(e.message, 'error', 'refresh'));
}

export function toggleUtc(utc) {
  localStorage.setItem('ormtask-utc', String(utc));
  set({ utc });
}

// --- One run: its own URL (#/runs/{id}) opens it; Esc or Close closes it ---------------------------------------

export function openRun(id, returnFocus) {
  set({ returnFocus: returnFocus || null });
  if (location.hash === '#/runs/' + id) {
    showRoute();
  } else {
    location.hash = '#/runs/' + id;
  }
}

export async function showRoute() {
  const match = /^#\/runs\/([0-9a-f-]{36})$/.exec(location.hash);
  if (!match) {
    if (store.openId) set({ openId: null, open: null, log: EMPTY_LOG });
    return;
  }
  if (!store.me) return; // shown once signed in
  if (store.openId !== match[1]) set({ openId: match[1], open: null, log: EMPTY_LOG });
  await loadDetail();
}

export function closeRun() {
  history.replaceState(null, '', location.pathname + location.search);
  set({ openId: null, open: null, log: EMPTY_LOG });
  restoreFocus();
}

/** Focus goes back where it was before a panel opened (the row or button), found again if it was redrawn. */
function restoreFocus() {
  const back = store.returnFocus;
  set({ returnFocus: null });
  if (back && back.isConnected) {
    back.focus();
  } else if (back && back.dataset && back.dataset.run) {
    const row = document.querySelector('#runs tr[data-run="' + back.dataset.run + '"]');
    if (row) row.focus();
  }
}

// The run whose detail is being fetched: one fetch at a time, so that a slow answer cannot land after a newer one
// and take the log back to an older nextAfter, or append the same lines twice.
let loading = null;

/** The open run and its new log lines; called again every second while the run has not ended. */
export async function loadDetail() {
  const id = store.openId;
  if (!id || loading === id) return;
  loading = id;
  const after = store.log.nextAfter;
  try {
    const [{ data: run }, { data: log }] = await Promise.all([
      api('GET', path('runs', id)),
      api('GET', path('runs', id, 'log') + '?after=' + after),
    ]);
    if (store.openId !== id || store.log.nextAfter !== after) return;
    // Only the lines the service still keeps (its newest ormtask.runlog.max-lines): the page showed every line it
    // had ever fetched, thousands for a long run, under a note that the earlier ones were dropped.
    const lines = store.log.lines.concat(log.lines).filter((line) => line.seq > log.droppedLines);
    set({ open: run, log: { lines, droppedLines: log.droppedLines, nextAfter: log.nextAfter, complete: log.complete } });
  } catch (e) {
    if (store.openId === id) say(e.message, 'error', 'refresh');
  } finally {
    if (loading === id) loading = null;
  }
}

export const detailIsLive = () => !!store.openId && (!store.open || ACTIVE.includes(store.open.status) || !store.log.complete);

// --- Starting, re-running, cancelling, pausing -------------------------------------------------------------------

export function openStart(task, returnFocus) {
  set({ starting: task, returnFocus });
}

export function closeStart() {
  set({ starting: null });
  restoreFocus();
}

async function started(call, what) {
  set({ busy: true });
  try {
    say(what + '…');
    const { data } = await call();
    say('Run ' + data.id + ' of ' + data.task + ': ' + data.status + (data.error ? ' — ' + data.error.message : ''),
        ACTIVE.includes(data.status) || data.status === 'SUCCEEDED' ? 'info' : 'error');
    set({ starting: null });
    openRun(data.id);
    await refresh();
  } catch (e) {
    say(e.message, 'error');
  } finally {
    set({ busy: false });
  }
}

// Up to 10 s for the run's end, as a preference: the service caps it at its ormtask.api.max-wait, where ?wait=10 was
// refused outright (400) on a service configured with a shorter one.
const START_HEADERS = { ...FROM_DASHBOARD, Prefer: 'wait=10' };

export function startRun(task, params, dryRun) {
  return started(() => api('POST', path('tasks', task.name, 'runs') + (dryRun ? '?dryRun=true' : ''),
      params, START_HEADERS), 'Starting ' + task.name);
}

/** The same task with the parameters stored with the run: secret ones never come to the page and back. */
export function rerun(run, dryRun) {
  return started(() => api('POST', path('runs', run.id, 'rerun') + (dryRun ? '?dryRun=true' : ''),
      undefined, START_HEADERS), 'Re-running ' + run.task + (dryRun ? ' as a dry run' : ''));
}

export async function cancelRun(run) {
  try {
    await api('POST', path('runs', run.id, 'cancel'));
    say('Cancel requested for run ' + run.id + '.');
    await Promise.all([loadDetail(), refresh()]);
  } catch (e) {
    say(e.message, 'error');
  }
}

export async function pauseOrResume(task) {
  const paused = task.schedule && task.schedule.paused;
  try {
    await api('POST', path('tasks', task.name, paused ? 'resume' : 'pause'));
    say(task.name + (paused ? ' resumed.' : ' paused.'));
    await refresh();
  } catch (e) {
    say(e.message, 'error');
  }
}

