import { describe, expect, it } from 'vitest';
import { KeyLayout, newId, userSlot } from './keys.js';

describe('key layout', () => {
  const layout = new KeyLayout('wxo:ts');

  it('puts all of a user\'s keys in one hash tag', () => {
    const id = newId('alice@example.com');
    const tag = `{wxo:ts:${userSlot('alice@example.com')}}`;
    expect(layout.record(id)).toBe(`${tag}:s:${id.slice(23)}`);
    expect(layout.clientIndex('alice@example.com', 'client-1')).toBe(`${tag}:c:client-1`);
    expect(layout.userIndex('alice@example.com')).toBe(`${tag}:u`);
    expect(userSlot('bob@example.com')).not.toBe(userSlot('alice@example.com'));
    expect(layout.lease(id)).toBe(`${tag}:l:${id.slice(23)}`);
    // A write's keys come from the id's slot, and are the same as from the user id.
    expect(layout.writeKeys(id, 'client-1')).toEqual({
      record: layout.record(id),
      lease: layout.lease(id),
      clientIndex: layout.clientIndex('alice@example.com', 'client-1'),
      userIndex: layout.userIndex('alice@example.com'),
    });
    expect(() => layout.writeKeys('not-an-id', 'client-1')).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it('mints distinct URL-safe ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('u')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(encodeURIComponent(id)).toBe(id);
  });

  it('matches its own records and not those of a longer prefix', () => {
    const pattern = layout.recordPattern();
    const toRegExp = new RegExp(`^${pattern.replace(/[{}]/g, '\\$&').replace(/\?/g, '.').replace(/\*/g, '.*')}$`);
    expect(toRegExp.test(layout.record(newId('u')))).toBe(true);
    expect(toRegExp.test(new KeyLayout('wxo:ts:other').record(newId('u')))).toBe(false);
    expect(toRegExp.test(layout.userIndex('u'))).toBe(false);
  });
});
