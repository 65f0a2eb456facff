/**
 * vim25 API versions as vCenter negotiates them: /sdk/vimServiceVersions.xml lists what the server
 * speaks, the client picks one and names it in every request's SOAPAction (`urn:vim25/6.7.1`), and
 * the server answers in that version (see ./vim25-schema.ts for what that leaves out).
 */
import { fault } from './faults';
import { VIM25_RELEASES, versionRank } from './vim25-schema';
import { el, escapeXml } from './xml';

/** vCenter lists its prior versions from 4.0 on, without the unreleased 7.0.0.1. */
const OLDEST_SERVED = '4.0';
const NOT_SERVED = new Set(['7.0.0.1']);

/** The versions a vCenter of API `current` answers in, newest first. */
export function servedVersions(current: string): string[] {
  const top = versionRank(current);
  if (top < 0) throw new Error(`unknown vim25 API version ${current}`);
  return VIM25_RELEASES.slice(versionRank(OLDEST_SERVED), top + 1)
    .filter((v) => !NOT_SERVED.has(v))
    .reverse();
}

/** /sdk/vimServiceVersions.xml as vCenter serves it. */
export function vimServiceVersionsXml(current: string): string {
  const [newest, ...prior] = servedVersions(current);
  return (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<namespaces version="1.0">\n <namespace>\n' +
    `  ${el('name', 'urn:vim25')}\n  ${el('version', newest ?? current)}\n  <priorVersions>\n` +
    prior.map((v) => `   ${el('version', v)}\n`).join('') +
    '  </priorVersions>\n </namespace>\n</namespaces>\n'
  );
}

/** /sdk/vimService.wsdl: the service WSDL, which imports the urn:vim25 interface (clients read its namespace). */
export function vimServiceWsdl(location: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" ?>\n' +
    '<definitions targetNamespace="urn:vim25Service" xmlns="http://schemas.xmlsoap.org/wsdl/" ' +
    'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:interface="urn:vim25">\n' +
    '   <import location="vim.wsdl" namespace="urn:vim25" />\n' +
    '   <service name="VimService">\n      <port binding="interface:VimBinding" name="VimPort">\n' +
    `         <soap:address location="${escapeXml(location)}" />\n      </port>\n   </service>\n</definitions>\n`
  );
}

/**
 * The version a request asks for. SOAPAction is `urn:vim25/<version>` (pyVmomi quotes it); a request
 * without one is answered in the newest version (lab choice: vCenter's default is not documented).
 * A version or namespace the server does not speak is refused, as vCenter does.
 */
export function requestedVersion(soapAction: string | undefined, current: string): string {
  const action = (soapAction ?? '').trim().replace(/^"(.*)"$/, '$1');
  if (action === '') return current;
  const slash = action.lastIndexOf('/');
  const namespace = slash < 0 ? action : action.slice(0, slash);
  const version = slash < 0 ? '' : action.slice(slash + 1);
  if (namespace !== 'urn:vim25' || !servedVersions(current).includes(version)) {
    throw fault('InvalidRequest', `Request version '${action}' and namespace '${namespace}' are not supported`);
  }
  return version;
}
