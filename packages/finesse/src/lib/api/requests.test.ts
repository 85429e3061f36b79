import { describe, expect, it } from 'vitest';
import { dialogActionBody, makeCallBody, userStateBody } from './requests.js';

describe('request bodies', () => {
  it('builds the documented user state bodies', () => {
    expect(userStateBody('LOGIN', { extension: '1001001' })).toBe('<User><state>LOGIN</state><extension>1001001</extension></User>');
    expect(userStateBody('NOT_READY', { reasonCodeId: 22 })).toBe('<User><state>NOT_READY</state><reasonCodeId>22</reasonCodeId></User>');
    expect(() => userStateBody('NOT_READY', { reasonCodeId: '22</reasonCodeId>' })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it('builds the documented dialog bodies', () => {
    expect(makeCallBody('1001001', '1002002')).toBe(
      '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1001001</fromAddress><toAddress>1002002</toAddress></Dialog>',
    );
    expect(dialogActionBody('ANSWER', '1001001')).toBe(
      '<Dialog><targetMediaAddress>1001001</targetMediaAddress><requestedAction>ANSWER</requestedAction></Dialog>',
    );
    expect(dialogActionBody('SEND_DTMF', '1001001', { dtmfString: '777' })).toBe(
      '<Dialog><targetMediaAddress>1001001</targetMediaAddress><requestedAction>SEND_DTMF</requestedAction><actionParams><ActionParam><name>dtmfString</name><value>777</value></ActionParam></actionParams></Dialog>',
    );
    expect(() => dialogActionBody('CONSULT_CALL', '1001001')).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});
