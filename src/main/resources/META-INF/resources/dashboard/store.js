// The page's state in one object; views read it, actions change it through set(), and every change redraws.
import { useEffect, useState } from 'preact/hooks';

export const PAGE = 25;

export const store = {
  me: null, // {name, roles, authenticationEnabled} once the service accepted the token (or needs none)
  tasks: [],
  overview: null,
  runs: [],
  runsCursor: null,
  runsLimit: PAGE, // how many runs from the newest are shown: grows with "Older runs", refreshed as one page
  filterTask: '',
  filterStatus: '',
  utc: localStorage.getItem('ormtask-utc') === 'true',
  message: null, // {text, kind: 'info' | 'error', source, id}
  starting: null, // the task whose start form is open
  busy: false,
  openId: null, // the run shown in the detail panel (from the URL: #/runs/{id})
  open: null,
  log: { lines: [], droppedLines: 0, nextAfter: 0, complete: false },
  returnFocus: null, // where focus goes back when a panel closes
};

const listeners = new Set();

export function set(patch) {
  Object.assign(store, typeof patch === 'function' ? patch(store) : patch);
  listeners.forEach((listener) => listener());
}

/** Redraws the calling component whenever the state changes. */
export function useStore() {
  const [, redraw] = useState(0);
  useEffect(() => {
    const listener = () => redraw((n) => n + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return store;
}

export const hasRole = (role) => !!store.me && (store.me.roles.includes(role) || store.me.roles.includes('admin'));

/** Whether the signed-in client may start this task (operator, plus the task's own role if it has one). */
export const mayStart = (task) => task.enabled && hasRole('operator') && (!task.requiredRole || hasRole(task.requiredRole));
