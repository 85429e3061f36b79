import { describe, expect, it } from 'vitest';
import { parseDialogs, parseReasonCodes, parseUser } from './api/parse.js';
import { buildXml, parseApiErrors, parseXml, rootElement } from './xml.js';

describe('xml', () => {
  it('escapes text values when building', () => {
    expect(buildXml({ User: { state: 'a<b>&"c' } })).toBe('<User><state>a&lt;b&gt;&amp;&quot;c</state></User>');
  });

  it('parses every <ApiError> of an <ApiErrors> body, and nothing from other bodies', () => {
    const text =
      '<ApiErrors><ApiError><ErrorType>Parameter Missing</ErrorType><ErrorData>state</ErrorData><ErrorMessage>State Parameter missing</ErrorMessage></ApiError>' +
      '<ApiError><ErrorType>Invalid Input</ErrorType><ErrorData>x</ErrorData><ErrorMessage>m</ErrorMessage></ApiError></ApiErrors>';
    expect(parseApiErrors(text)).toEqual([
      { errorType: 'Parameter Missing', errorData: 'state', errorMessage: 'State Parameter missing' },
      { errorType: 'Invalid Input', errorData: 'x', errorMessage: 'm' },
    ]);
    expect(parseApiErrors('{"error":"x"}')).toEqual([]);
    expect(parseApiErrors('<html>')).toEqual([]);
  });

  it('keeps single items as lists and values as strings (no number guessing)', () => {
    const dialogs = parseDialogs(
      rootElement(
        parseXml(
          '<Dialogs><Dialog><id>0012</id><uri>/finesse/api/Dialog/0012</uri><fromAddress>007</fromAddress><toAddress>1</toAddress><state>ACTIVE</state>' +
            '<mediaProperties><callvariables><CallVariable><name>v1</name><value>a&amp;b</value></CallVariable></callvariables></mediaProperties>' +
            '<participants><Participant><actions><action>HOLD</action></actions><mediaAddress>1001</mediaAddress><state>ACTIVE</state></Participant></participants></Dialog></Dialogs>',
        ),
        'Dialogs',
      ),
    );
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toMatchObject({ id: '0012', fromAddress: '007', callVariables: [{ name: 'v1', value: 'a&b' }] });
    expect(dialogs[0]?.participants[0]?.actions).toEqual(['HOLD']);
    expect(parseDialogs(rootElement(parseXml('<Dialogs></Dialogs>'), 'Dialogs'))).toEqual([]);
  });

  it('parses a user and reason codes into typed values', () => {
    const user = parseUser(
      rootElement(parseXml('<User><loginId>1001</loginId><loginName>jsmith</loginName><extension></extension><reasonCodeId>-1</reasonCodeId><roles><role>Agent</role></roles><state>LOGOUT</state></User>'), 'User'),
    );
    expect(user).toMatchObject({ loginId: '1001', loginName: 'jsmith', extension: '', reasonCodeId: -1, roles: ['Agent'], state: 'LOGOUT' });
    const codes = parseReasonCodes(
      rootElement(parseXml('<ReasonCodes category="NOT_READY"><ReasonCode><uri>/finesse/api/ReasonCode/22</uri><category>NOT_READY</category><code>12</code><label>Lunch</label><forAll>true</forAll></ReasonCode></ReasonCodes>'), 'ReasonCodes'),
    );
    expect(codes).toEqual([{ id: 22, uri: '/finesse/api/ReasonCode/22', category: 'NOT_READY', code: '12', label: 'Lunch', forAll: true }]);
  });

  it('reports malformed or unexpected XML as invalid_response', () => {
    expect(() => rootElement(parseXml('<Other/>'), 'User')).toThrow(expect.objectContaining({ code: 'invalid_response' }));
  });
});
