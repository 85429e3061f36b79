import { escapeHtml } from './format.js';
import { sessionsSection, type SessionsView } from './sessions.js';
import type { AppUser } from './user.js';

export { escapeHtml };

/** The HTML page around `body` (already escaped). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
img{border-radius:50%;vertical-align:middle}.error{color:#b00020}button{font:inherit}.muted{color:#777}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #e3e3e3}
.banner{border:1px solid #b00020;background:#fdecee;padding:.5rem .75rem;border-radius:.3rem}.ok{color:#116329}
form.inline{display:inline-block;margin:.2rem .4rem .2rem 0}fieldset{border:1px solid #ddd;margin:.75rem 0}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The home page for someone not signed in, with the last sign-in failure if any. */
export function signedOutPage(failure: string | undefined): string {
  const error = failure === undefined ? '' : `<p class="error" role="alert">${escapeHtml(failure)}</p>\n`;
  return page(
    'Webex sign-in example',
    `<h1>Webex sign-in example</h1>
${error}<p><a href="/login">Sign in with Webex</a></p>`,
  );
}

/** The home page for a signed-in user, with their sessions when the app has a session source. */
export function signedInPage(user: AppUser, sessions?: SessionsView): string {
  const photo = user.photo === undefined ? '' : `<img src="${escapeHtml(user.photo)}" alt="" width="48" height="48"> `;
  const email =
    user.email === undefined ? '' : `<p>E-mail: ${escapeHtml(user.email)}${user.emailVerified ? ' (verified)' : ''}</p>\n`;
  return page(
    `Signed in as ${user.displayName}`,
    `<h1>${photo}Hello, ${escapeHtml(user.displayName)}</h1>
${email}<p>Webex user id: <code>${escapeHtml(user.id)}</code></p>
<ul>
<li><a href="/profile">Profile (JSON)</a></li>
<li><a href="/api/me">/api/me (protected API)</a></li>
</ul>
${sessions === undefined ? '' : sessionsSection(sessions)}
<form method="post" action="/logout"><button type="submit">Sign out</button></form>`,
  );
}
