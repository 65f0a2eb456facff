/**
 * The name helpers the controllers use, from the modules the suite's checks use too, so the lab
 * and the suite cannot drift: Go text/template + Forklift's sprig subset (utilities/go-template)
 * and Forklift's ChangeVmName (utilities/naming).
 */
import { pvcNameTemplateData, renderTemplate } from '../../utilities/go-template';
import type { Naming } from './target-vm';

export const labNaming: Naming = {
  renderTemplate: (template, data) => renderTemplate(template, pvcNameTemplateData(data)),
  changeVmName: () => {
    throw new Error('utilities/naming changeVmName is not available yet (helper H3); VM names that are not DNS1123 subdomains cannot be renamed');
  },
};
