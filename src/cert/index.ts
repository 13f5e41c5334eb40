/** `gossipper cert`: self-signed lab certificates (DER built here; Node has no X.509 builder). */
export {
  CERT_HELP,
  DEFAULT_CERT_NAMES,
  parseCertArgs,
  writeLabCertificate,
} from './cert-command.ts';
export type { CertOptions } from './cert-command.ts';
export { selfSignedCertificate } from './self-signed.ts';
export type { SelfSigned, SelfSignedRequest } from './self-signed.ts';
