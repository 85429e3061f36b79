/** Minimal HTML for the pages a person sees (login, consent, device code). */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * A full page. `prompt` lands in `<body data-prompt>` so the headless driver (and a curious
 * reader) can tell which step it is on.
 */
export function page(title: string, body: string, prompt = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Webex sandbox</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
.banner{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem .75rem;font-size:.85rem;margin-bottom:1.5rem}
label{display:block;margin:.4rem 0}button{margin:.75rem .5rem 0 0;padding:.45rem 1rem}
input[type=text]{font-size:1.4rem;letter-spacing:.2rem;width:10rem}code{background:#f3f3f3;padding:0 .2rem}
</style>
</head>
<body data-prompt="${escapeHtml(prompt)}">
<div class="banner">Webex <strong>sandbox</strong> — a local test identity provider, not Webex and not for production.</div>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}
