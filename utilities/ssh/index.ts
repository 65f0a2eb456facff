export { SshConnectionManager, type SshConnectionManagerOptions } from './manager';
export { SshSession, type SshCredentials } from './session';
export { PortForward, type PortForwardOptions } from './tunnel';
export { SecretMask } from './redaction';
export { freeLocalPort } from './free-port';
