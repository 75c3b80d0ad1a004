// The operator dashboard: Preact components over the service's JSON API (see README, "Dashboard").
// Data only ever reaches the page as text (Preact escapes it), never as markup.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { html } from './html.js';
import { Header } from './header.js';
import { Tasks } from './tasks.js';
import { Runs } from './runs.js';
import { StartForm } from './start.js';
import { Detail } from './detail.js';
import { boot, closeRun, closeStart, detailIsLive, loadDetail, refresh, showRoute } from './actions.js';
import { store, useStore } from './store.js';

const TABLES_EVERY_MS = 3000;
const OPEN_RUN_EVERY_MS = 1000;

function onKey(e) {
  if (e.key !== 'Escape') return;
  if (store.starting) {
    closeStart();
  } else if (store.openId) {
    closeRun();
  }
}

function Message({ message }) {
  return html`<p id="message" role="status" aria-live="polite" class=${message ? message.kind : ''}>${message
    ? message.text : ''}</p>`;
}

function App() {
  const state = useStore();
  useEffect(() => {
    // Live while the tab is visible: tables, counts and the runs shown every 3 s (also after "Older runs"), an open
    // run and its log every second until it has ended and its log is complete.
    const tables = setInterval(() => !document.hidden && refresh(), TABLES_EVERY_MS);
    const detail = setInterval(() => !document.hidden && detailIsLive() && loadDetail(), OPEN_RUN_EVERY_MS);
    window.addEventListener('hashchange', showRoute);
    document.addEventListener('keydown', onKey);
    boot();
    return () => {
      clearInterval(tables);
      clearInterval(detail);
      window.removeEventListener('hashchange', showRoute);
      document.removeEventListener('keydown', onKey);
    };
  }, []);
  return html`
    <${Header} state=${state} />
    <${Message} message=${state.message} />
    <main class=${state.openId ? 'with-detail' : ''}>
      <div class="lists">
        <${Tasks} state=${state} />
        <${Runs} state=${state} />
      </div>
      ${state.openId && state.me ? html`<${Detail} state=${state} />` : ''}
    </main>
    ${state.starting ? html`<${StartForm} task=${state.starting} busy=${state.busy} />` : ''}`;
}

render(html`<${App} />`, document.getElementById('app'));
