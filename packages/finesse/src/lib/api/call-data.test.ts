import { describe, expect, it } from 'vitest';
import { FinesseError } from '../errors.js';
import { parseDialog } from './parse.js';
import { checkCallVariableName, normalizeCallVariables, updateCallDataBody } from './call-data.js';
import { dialogActionBody } from './requests.js';
import { parseXml, rootElement } from '../xml.js';

function invalidArgument(fn: () => unknown): FinesseError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(FinesseError);
  expect(caught).toMatchObject({ code: 'invalid_argument' });
  return caught as FinesseError;
}

describe('UPDATE_CALL_DATA body', () => {
  it('builds Finesse\'s documented body from an object or a list, wrap-up reason first inside mediaProperties', () => {
    expect(updateCallDataBody({ variables: { callVariable1: 'order 42', 'user.orderId': '42' } })).toBe(
      '<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><callvariables>' +
        '<CallVariable><name>callVariable1</name><value>order 42</value></CallVariable>' +
        '<CallVariable><name>user.orderId</name><value>42</value></CallVariable>' +
        '</callvariables></mediaProperties></Dialog>',
    );
    expect(updateCallDataBody({ variables: [{ name: 'callVariable10', value: '' }], wrapUpReason: 'Sale', targetMediaAddress: '1001001' })).toBe(
      '<Dialog><targetMediaAddress>1001001</targetMediaAddress><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties>' +
        '<wrapUpReason>Sale</wrapUpReason><callvariables><CallVariable><name>callVariable10</name><value></value></CallVariable></callvariables>' +
        '</mediaProperties></Dialog>',
    );
    expect(updateCallDataBody({ wrapUpReason: 'Sale' })).toBe(
      '<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>Sale</wrapUpReason></mediaProperties></Dialog>',
    );
  });

  it('escapes markup and keeps non-ASCII text as UTF-8; the parser reads back exactly what was sent', () => {
    const value = `<b a="1">&amp; 'x' ]]> Zoë 東京 😀`;
    const body = updateCallDataBody({ variables: { 'user.note': value } });
    expect(body).toContain('<value>&lt;b a=&quot;1&quot;&gt;&amp;amp; &apos;x&apos; ]]&gt; Zoë 東京 😀</value>');
    const parsed = parseDialog(rootElement(parseXml(body), 'Dialog'));
    expect(parsed.callVariables).toEqual([{ name: 'user.note', value }]);
  });

  it('accepts the names Finesse documents and nothing else, suggesting the right spelling', () => {
    for (const name of ['callVariable1', 'callVariable10', 'BAResponse', 'BACustomerNumber']) expect(() => checkCallVariableName(name)).not.toThrow();
    expect(checkCallVariableName('callVariable7')).toBe('call');
    for (const name of ['user.orderId', 'user.cisco.cmb', 'user.items[2]', 'user._x']) expect(checkCallVariableName(name)).toBe('named');
    expect(invalidArgument(() => checkCallVariableName('callvariable1')).message).toMatch(/Did you mean "callVariable1"\?/);
    expect(invalidArgument(() => checkCallVariableName('callVariable11')).message).toMatch(/callVariable1 to callVariable10 only/);
    expect(invalidArgument(() => checkCallVariableName('callVariable0')).message).toMatch(/callVariable1 to callVariable10 only/);
    expect(invalidArgument(() => checkCallVariableName('baresponse')).message).toMatch(/Did you mean "BAResponse"\?/);
    expect(invalidArgument(() => checkCallVariableName('User.orderId')).message).toMatch(/lower-case "user\."/);
    const generic = invalidArgument(() => checkCallVariableName('orderId')).message;
    expect(generic).toContain('Finesse does not accept the call variable name "orderId"');
    expect(generic).toContain('user.<name>');
    for (const name of ['', 'user.', 'user.[1]', 'user.a b', 'user.a[x]', 'user.a[1', 'BAFoo', 'callVariable1 ']) invalidArgument(() => checkCallVariableName(name));
  });

  it('checks values: strings only, no characters XML cannot carry, documented sizes in UTF-8 bytes', () => {
    expect(normalizeCallVariables({ callVariable1: 'x'.repeat(40) })).toHaveLength(1);
    expect(invalidArgument(() => normalizeCallVariables({ callVariable1: 'x'.repeat(41) })).message).toMatch(/41 bytes .*allows 40 bytes per call variable/);
    // 14 three-byte characters: 14 characters, 42 bytes
    expect(invalidArgument(() => normalizeCallVariables({ callVariable2: '東'.repeat(14) })).message).toMatch(/42 bytes/);
    expect(normalizeCallVariables({ 'user.long': 'x'.repeat(1991) })).toHaveLength(1); // 9 + 1991 = 2000
    expect(invalidArgument(() => normalizeCallVariables({ 'user.long': 'x'.repeat(1992) })).message).toMatch(/2001 bytes/);
    expect(invalidArgument(() => normalizeCallVariables({ callVariable1: 42 as unknown as string })).message).toMatch(/must be a string/);
    expect(invalidArgument(() => normalizeCallVariables({ callVariable1: 'a\u0000b' })).message).toMatch(/U\+0000/);
    expect(invalidArgument(() => normalizeCallVariables({ callVariable1: 'a\uD800' })).message).toMatch(/U\+D800/);
    expect(normalizeCallVariables({ callVariable1: 'tab\tnew\nline' })).toHaveLength(1);
    expect(
      invalidArgument(() => normalizeCallVariables([{ name: 'callVariable1', value: 'a' }, { name: 'callVariable1', value: 'b' }])).message,
    ).toMatch(/given twice/);
    invalidArgument(() => normalizeCallVariables([null as unknown as { name: string; value: string }]));
    invalidArgument(() => normalizeCallVariables('callVariable1=x' as unknown as Record<string, string>));
  });

  it('needs at least one variable or a wrap-up reason; wrap-up reason up to 39 bytes; no UPDATE_CALL_DATA through dialogAction', () => {
    expect(invalidArgument(() => updateCallDataBody({ variables: {} })).message).toMatch(/at least one call variable/);
    expect(invalidArgument(() => updateCallDataBody(undefined as unknown as { variables: Record<string, string> })).message).toMatch(/variables/);
    expect(updateCallDataBody({ wrapUpReason: 'x'.repeat(39) })).toContain('<wrapUpReason>');
    expect(invalidArgument(() => updateCallDataBody({ wrapUpReason: 'x'.repeat(40) })).message).toMatch(/40 bytes/);
    invalidArgument(() => updateCallDataBody({ wrapUpReason: '' }));
    invalidArgument(() => updateCallDataBody({ variables: { callVariable1: 'x' }, targetMediaAddress: '' }));
    expect(invalidArgument(() => dialogActionBody('UPDATE_CALL_DATA', '1001001')).message).toMatch(/updateCallData/);
  });
});
