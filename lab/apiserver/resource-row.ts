/** The shape of one resource-table row and its printer-column helpers (shared by the table's files). */
import type { PrinterColumn, ResourceType } from './contract';

export type Row = Omit<ResourceType, 'singular'> & { singular?: string };

// Printer columns: kubectl's printers for core kinds, the CRDs' additionalPrinterColumns otherwise.
export const col = (name: string, jsonPath: string, type: PrinterColumn['type'] = 'string', priority = 0): PrinterColumn => ({
  name,
  type,
  jsonPath,
  ...(priority ? { priority } : {}),
});
export const cond = (name: string, type = name): PrinterColumn => col(name, `.status.conditions[?(@.type=='${type}')].status`);
export const AGE = col('Age', '.metadata.creationTimestamp', 'date');
