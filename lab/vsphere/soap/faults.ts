/**
 * vim25 faults as the simulator raises them: a SOAP Fault with the vim fault object in <detail>
 * (`<InvalidPowerStateFault xsi:type="InvalidPowerState">`), or the same fault object inside a
 * failed task's TaskInfo.error (LocalizedMethodFault).
 */
import { VSphereModelError } from '../lab-model';
import { el } from './xml';
import { dataFieldsXml, mo, poly, type DataV, type Val } from './values';
import { moTypeOf } from './inventory-objects';

export class SoapFault extends Error {
  constructor(
    readonly fault: DataV,
    message: string,
  ) {
    super(message);
    this.name = 'SoapFault';
  }
}

export function fault(type: string, message: string, fields: Record<string, Val> = {}): SoapFault {
  return new SoapFault(poly(type, fields), message);
}

/** The fault a model error stands for, with the detail fields vCenter sends for that type. */
export function fromModelError(e: VSphereModelError): SoapFault {
  const d = e.details;
  const moref = (key: string): Val => (d[key] ? mo(moTypeOf(d[key]) ?? 'ManagedEntity', d[key]) : undefined);
  switch (e.fault) {
    case 'InvalidPowerState':
      return fault('InvalidPowerState', e.message, { requestedState: d['requestedState'], existingState: d['existingState'] });
    case 'DuplicateName':
      return fault('DuplicateName', e.message, { name: d['name'], object: moref('object') });
    case 'ManagedObjectNotFound':
      return fault('ManagedObjectNotFound', e.message, { obj: moref('obj') });
    case 'InvalidArgument':
      return fault('InvalidArgument', e.message, { invalidProperty: d['invalidProperty'] });
    case 'FileAlreadyExists':
      return fault('FileAlreadyExists', e.message, { file: d['file'] });
    case 'InvalidDeviceSpec':
      return fault('InvalidDeviceSpec', e.message, { property: d['property'], deviceIndex: 0 });
    default:
      return fault(e.fault, e.message);
  }
}

export function asSoapFault(e: unknown): SoapFault {
  if (e instanceof SoapFault) return e;
  if (e instanceof VSphereModelError) return fromModelError(e);
  return fault('SystemError', e instanceof Error ? e.message : String(e), { reason: e instanceof Error ? e.message : String(e) });
}

/** The SOAP Fault element for a method that failed synchronously. */
export function soapFaultXml(f: SoapFault, version?: string): string {
  const type = f.fault.type;
  return el('soapenv:Fault', [
    el('faultcode', 'ServerFaultCode'),
    el('faultstring', f.message),
    el('detail', [`<${type}Fault xmlns="urn:vim25" xsi:type="${type}">${dataFieldsXml(f.fault, version)}</${type}Fault>`]),
  ]);
}
