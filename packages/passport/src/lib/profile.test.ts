import { describe, expect, it } from 'vitest';
import { buildProfile } from './profile.js';

describe('buildProfile', () => {
  it('maps the userinfo claims of a full Webex user', () => {
    const claims = {
      sub: 'u-1',
      name: 'Alice Example',
      given_name: 'Alice',
      family_name: 'Example',
      preferred_username: 'alice@example.com',
      email: 'alice@example.com',
      email_verified: true,
      picture: 'https://avatar.example/alice.png',
    };
    expect(buildProfile(claims)).toEqual({
      provider: 'webex',
      id: 'u-1',
      displayName: 'Alice Example',
      username: 'alice@example.com',
      name: { givenName: 'Alice', familyName: 'Example' },
      emails: [{ value: 'alice@example.com', verified: true }],
      photos: [{ value: 'https://avatar.example/alice.png' }],
      _json: claims,
      _raw: JSON.stringify(claims),
    });
  });

  it('falls back for displayName and leaves emails and photos empty when absent', () => {
    expect(buildProfile({ sub: 'u-2', given_name: 'Bob', family_name: 'B' }).displayName).toBe('Bob B');
    expect(buildProfile({ sub: 'u-3', email: 'c@example.com' })).toMatchObject({
      displayName: 'c@example.com',
      emails: [{ value: 'c@example.com', verified: false }],
      photos: [],
    });
    expect(buildProfile({ sub: 'u-4' })).toMatchObject({ displayName: 'u-4', emails: [], name: { givenName: '', familyName: '' } });
  });

  it('does not treat a string "true" as a verified e-mail', () => {
    expect(buildProfile({ sub: 'u', email: 'e@x', email_verified: 'true' }).emails).toEqual([{ value: 'e@x', verified: false }]);
  });

  it('refuses claims without a sub', () => {
    expect(() => buildProfile({ name: 'x' })).toThrow(TypeError);
  });
});
