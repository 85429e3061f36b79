import { argError } from './args.js';

/** `Authorization: Basic …` for client id + secret, each form-urlencoded first (RFC 6749 §2.3.1). */
export function basicAuthorization(clientId: string, clientSecret: string | undefined, what: string): string {
  if (clientSecret === undefined) {
    throw argError('ERR_MISSING_OPTION', `The ${what} needs client credentials in the configuration: "clientSecret" or "clientAuth".`);
  }
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}
