/**
 * Lab fault map-destination-invalid (lab/faults-catalog.ts): StorageMap validation finds none of
 * the destination storage classes, so the map gets DestinationStorageNotValid (Critical, NotFound,
 * "Destination storage not valid.") exactly as Forklift sets it for a class that does not exist.
 */
import type { LabFaults } from '../faults-catalog';

/** Whether the StorageMap destination `storageClass` counts as missing even though it exists. */
export function destinationStorageInvalidated(faults: LabFaults | undefined): boolean {
  return faults?.isOn('map-destination-invalid') ?? false;
}
