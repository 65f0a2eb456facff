import { child, el, moRefEl, parseXml, soapBody, soapEnvelope, textOf } from '../../../lib/providers/vsphere/xml';

describe('vim25 XML layer', () => {
  it('tells xsi:type (any prefix bound to XMLSchema-instance) from the MoRef type attribute', () => {
    // govmomi writes xsi:type with a locally declared "XMLSchema-instance" prefix.
    const doc = parseXml(
      '<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>' +
        '<R xmlns="urn:vim25"><a xsi:type="TaskInfo"><b>1</b></a>' +
        '<c xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="ManagedObjectReference" type="VirtualMachine">vm-1</c>' +
        '<d xmlns:foo="urn:other" foo:type="NotXsi">x</d></R></soapenv:Body></soapenv:Envelope>',
    );
    const r = soapBody(doc);
    expect(r.name).toBe('R');
    expect(child(r, 'a')?.xsiType).toBe('TaskInfo');
    expect(child(r, 'a')?.moType).toBeUndefined();
    expect(child(r, 'c')).toMatchObject({ xsiType: 'ManagedObjectReference', moType: 'VirtualMachine', text: 'vm-1' });
    expect(child(r, 'd')?.xsiType).toBeUndefined();
  });

  it('keeps text verbatim (no number coercion) and decodes entities', () => {
    const r = soapBody(parseXml(soapEnvelope('<R><uuid>4200</uuid><name>a &amp; b &lt;c&gt;</name><zero>007</zero></R>')));
    expect(textOf(r, 'uuid')).toBe('4200');
    expect(textOf(r, 'zero')).toBe('007');
    expect(textOf(r, 'name')).toBe('a & b <c>');
  });

  it('escapes text and attributes when building, and round-trips', () => {
    const xml = el('R', [el('name', `x<y>&"'`), moRefEl('obj', { type: 'Folder', value: 'group-"1' })]);
    expect(xml).toBe('<R><name>x&lt;y&gt;&amp;&quot;&apos;</name><obj type="Folder">group-&quot;1</obj></R>');
    const r = soapBody(parseXml(soapEnvelope(xml)));
    expect(textOf(r, 'name')).toBe(`x<y>&"'`);
    expect(child(r, 'obj')).toMatchObject({ moType: 'Folder', text: 'group-"1' });
  });

  it('rejects a document without a SOAP body', () => {
    expect(() => soapBody(parseXml('<a/>'))).toThrow(/no Body/);
  });
});
