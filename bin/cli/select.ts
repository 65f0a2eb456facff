/** Which scenarios a run covers: --scenario names (all by default), then the -m expression. */
import { NoScenarioSelectedError } from '../../exceptions/scenarios';
import { matchesMarkers, parseMarkerExpression } from '../../lib/runner/markers';
import type { LoadedScenario } from '../../lib/runner/scenario';
import { KNOWN_MARKERS, loadScenarios } from '../../lib/runner/scenario-file';

export function selectScenarios(names: readonly string[], markerExpression: string | undefined, dir: string): LoadedScenario[] {
  const expr = markerExpression === undefined ? undefined : parseMarkerExpression(markerExpression, KNOWN_MARKERS);
  const scenarios = loadScenarios(names, dir);
  const selected = expr ? scenarios.filter((s) => matchesMarkers(expr, s.markers)) : scenarios;
  if (selected.length === 0) {
    throw new NoScenarioSelectedError(
      `no scenario matches -m "${markerExpression}"${names.length ? ` among ${names.join(', ')}` : ''}; check the markers with --list`,
    );
  }
  return selected;
}
