import { describe, expect, it } from 'vitest';
import { buildSsoTokenUrl } from './sso-url.js';

describe('buildSsoTokenUrl', () => {
  it('builds the documented URL, encoding the user name', () => {
    expect(buildSsoTokenUrl({ baseUrl: 'https://finesse1.example.com:8445/', username: 'a&b=c' }).href).toBe(
      'https://finesse1.example.com:8445/desktop/sso/token?cc_username=a%26b%3Dc&return_refresh_token=true',
    );
    expect(buildSsoTokenUrl({ baseUrl: 'https://f:8445', username: 'agent1', returnUser: false }).searchParams.get('return_user')).toBe('no');
  });

  it('rejects a missing user or bad base URL with invalid_argument', () => {
    expect(() => buildSsoTokenUrl({ baseUrl: 'https://f:8445', username: ' ' })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => buildSsoTokenUrl({ baseUrl: 'finesse:8445', username: 'a' })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => buildSsoTokenUrl({ baseUrl: 'not a url', username: 'a' })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});
