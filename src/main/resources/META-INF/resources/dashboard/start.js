// The start form, built from the task's declared parameters; secret ones are typed into password fields.
import { useEffect, useRef } from 'preact/hooks';
import { html } from './html.js';
import { closeStart, startRun } from './actions.js';
import { JsonText } from './api.js';

// A JSON number as a person types it: sent with exactly those digits.
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

// The start's body as JSON text. Numbers are written with the digits typed, never through a JavaScript number, which
// keeps only 15 to 17 of them: a LONG beyond 2^53 or a DECIMAL such as 100.10 reaches the task exactly. Booleans go as
// JSON booleans; anything else as typed, and the service's 400 names the parameter and what it expects.
function values(form) {
  const fields = [];
  for (const input of form.querySelectorAll('[data-type]')) {
    const raw = input.value.trim();
    if (raw === '') continue;
    const type = input.dataset.type;
    let value;
    if ((type === 'INT' || type === 'LONG' || type === 'DECIMAL') && JSON_NUMBER.test(raw)) {
      value = raw;
    } else if (type === 'BOOLEAN') {
      value = raw === 'true' ? 'true' : 'false';
    } else {
      value = JSON.stringify(raw);
    }
    fields.push(JSON.stringify(input.dataset.param) + ':' + value);
  }
  return new JsonText('{' + fields.join(',') + '}');
}

// Fields carry the parameter's name in data-param, never in name: a form exposes its named controls as properties,
// so a parameter called "l", "action" or "submit" would shadow the form's own (Preact keeps its event handlers in a
// property of the element), and the start would become a plain page reload.
function Field({ p }) {
  const hint = [p.defaultValue === null ? '' : 'default ' + p.defaultValue, range(p)].filter((h) => h).join(', ');
  const label = p.name + (p.required ? ' *' : '') + ' (' + p.type.toLowerCase() + (p.secret ? ', secret' : '') + ')';
  return html`<label>${label}
    ${p.type === 'BOOLEAN'
      ? html`<select data-param=${p.name} data-type=${p.type} title=${p.description || ''}>
          <option value="">${p.defaultValue === null ? '(not set)' : '(default ' + p.defaultValue + ')'}</option>
          <option value="true">true</option><option value="false">false</option></select>`
      : html`<input data-param=${p.name} data-type=${p.type} type=${p.secret ? 'password' : 'text'} placeholder=${hint}
          autocomplete="off" title=${p.description || ''} />`}
    ${p.description ? html`<small class="muted">${p.description}</small>` : ''}
  </label>`;
}

// The declared bounds in words, as the service's 400 states them.
function range(p) {
  if (p.min != null && p.max != null) return p.min + ' to ' + p.max;
  if (p.min != null) return 'at least ' + p.min;
  return p.max != null ? 'at most ' + p.max : '';
}

export function StartForm({ task, busy }) {
  const form = useRef(null);
  useEffect(() => { // focus the first field, where the operator will type
    const first = form.current && form.current.querySelector('input, select, button');
    if (first) first.focus();
  }, [task.name]);
  const submit = (e) => {
    e.preventDefault();
    startRun(task, values(form.current), form.current.querySelector('#start-dry-run').checked);
  };
  return html`<div class="overlay" onClick=${(e) => e.target === e.currentTarget && closeStart()}>
    <section id="start" class="panel" role="dialog" aria-modal="true" aria-labelledby="start-title">
      <h2 id="start-title">Start <span id="start-task">${task.name}</span></h2>
      <p id="start-description">${task.description || ''}</p>
      <form id="start-form" ref=${form} onSubmit=${submit}>
        <div id="start-params">${task.parameters.map((p) => html`<${Field} key=${p.name} p=${p} />`)}</div>
        <label class="inline"><input type="checkbox" id="start-dry-run" /> Dry run (always rolled back; shows what
          would change)</label>
        <div class="buttons">
          <button type="submit" id="start-submit" disabled=${busy}>Start run</button>
          <button type="button" id="start-close" onClick=${closeStart}>Close</button>
        </div>
      </form>
    </section>
  </div>`;
}
