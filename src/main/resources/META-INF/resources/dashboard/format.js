// How the dashboard writes durations, times and counts.

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The zone times are shown in: the browser's, or UTC when the operator switched to it. */
export const zone = (utc) => (utc ? 'UTC' : BROWSER_ZONE);

/** "533 ms", "4.2 s", "10 min 0 s", "2 h 5 min", "3 d 4 h". */
export function duration(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 10000) return (ms / 1000).toFixed(1) + ' s';
  const s = Math.round(ms / 1000);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
}

const formats = new Map();

/** "2026-11-25 14:49:14" in the given IANA zone. */
export function time(iso, timeZone) {
  if (!iso) return '';
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return parts.year + '-' + parts.month + '-' + parts.day + ' ' + parts.hour + ':' + parts.minute + ':' + parts.second;
}

export const count = (n) => (n === null || n === undefined ? '' : Number(n).toLocaleString('en'));

export const percent = (ratio) => (ratio === null || ratio === undefined ? '–' : Math.round(ratio * 100) + ' %');

// The end of the id: its beginning is the queue time (UUIDv7), the same for every run of the same minute.
export const shortId = (id) => (id ? '…' + id.slice(-8) : '');

export const ACTIVE = ['QUEUED', 'RUNNING'];

export const words = (status) => status.toLowerCase().replace('_', ' ');
