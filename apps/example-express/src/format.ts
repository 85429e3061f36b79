/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `14:03:27` in the server's time zone. */
export function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

/** `in 23 s`, `4 min ago`, `now`. */
export function relative(ms: number, now = Date.now()): string {
  const diff = Math.round((ms - now) / 1000);
  const abs = Math.abs(diff);
  if (abs === 0) return 'now';
  const amount = abs < 90 ? `${abs} s` : abs < 5_400 ? `${Math.round(abs / 60)} min` : abs < 172_800 ? `${Math.round(abs / 3_600)} h` : `${Math.round(abs / 86_400)} d`;
  return diff > 0 ? `in ${amount}` : `${amount} ago`;
}

/** `<time>14:03:27</time> (in 23 s)`, escaped; `–` for no time. */
export function timeHtml(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return '–';
  return `<time datetime="${new Date(ms).toISOString()}">${escapeHtml(clock(ms))}</time> <span class="muted">(${escapeHtml(relative(ms, now))})</span>`;
}
