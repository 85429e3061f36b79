import type { AppUser } from './user.js';

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
img{border-radius:50%;vertical-align:middle}.error{color:#b00020}button{font:inherit}</style>
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

/** The home page for a signed-in user. */
export function signedInPage(user: AppUser): string {
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
<form method="post" action="/logout"><button type="submit">Sign out</button></form>`,
  );
}
