// The header: health at a glance (24 h counts, running and queued runs, datasources down) and who is signed in.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { count, words, zone } from './format.js';
import { signIn, signOut, toggleUtc } from './actions.js';

const FINISHED = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED'];

function Counts({ overview }) {
  if (!overview) return null;
  const down = overview.datasourcesDown;
  return html`<div class="counts" aria-label="Health at a glance">
    <ul id="counts">
      ${FINISHED.map((status) => html`<li key=${status} data-count=${status}
          class=${overview.last24h[status] > 0 && status !== 'SUCCEEDED' && status !== 'SKIPPED' ? 'alert' : ''}>
        <b class=${'status ' + status}>${count(overview.last24h[status])}</b> ${words(status)}</li>`)}
      <li data-count="RUNNING"><b class="status RUNNING">${count(overview.running)}</b> running</li>
      <li data-count="QUEUED"><b class="status QUEUED">${count(overview.queued)}</b> queued</li>
      <li data-count="datasources-down" class=${down.length ? 'alert' : ''}
          title=${down.map((d) => d.name + ': ' + d.problem).join('\n')}>
        ${down.length ? html`<b class="status FAILED">${down.length}</b>${' datasource' + (down.length > 1 ? 's' : '')
          + ' down: ' + down.map((d) => d.name).join(', ')}` : 'all datasources up'}</li>
    </ul>
    <span class="muted">finished runs, last 24 h</span>
  </div>`;
}

function Account({ me, utc }) {
  const [value, setValue] = useState('');
  const submit = (e) => {
    e.preventDefault();
    signIn(value);
    setValue('');
  };
  return html`<div class="account">
    <label class="utc"><input type="checkbox" id="utc" checked=${utc}
        onChange=${(e) => toggleUtc(e.currentTarget.checked)} /> UTC</label>
    <span class="muted" id="zone">times: ${zone(utc)}</span>
    ${me && !me.authenticationEnabled ? html`<span id="who" class="muted">authentication off</span>` : ''}
    ${me && me.authenticationEnabled ? html`<span id="who">${me.name + ' '}<span class="muted">(${['admin', 'operator', 'viewer'].find((r) => me.roles.includes(r)) || 'no role'})</span></span>
      <button type="button" id="signout" onClick=${signOut}>Sign out</button>` : ''}
    ${!me ? html`<form id="login" autocomplete="off" onSubmit=${submit}>
      <label>API token <input id="token" type="password" size="24" placeholder="Bearer token" value=${value}
          onInput=${(e) => setValue(e.currentTarget.value)} /></label>
      <button type="submit">Sign in</button>
    </form>` : ''}
  </div>`;
}

export function Header({ state }) {
  return html`<header>
    <h1>ORM Task Runner</h1>
    <${Counts} overview=${state.overview} />
    <${Account} me=${state.me} utc=${state.utc} />
  </header>`;
}
