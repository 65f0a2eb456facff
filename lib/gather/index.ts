/**
 * Gathers (must-gather) for a failed step or a session error, one folder per gather under
 * <data-collector>/must-gather/. On a real cluster with `oc` on PATH: `oc adm must-gather` with
 * MTV's image (targeted at the plan when there is one); otherwise, or when that fails, the
 * built-in collector over the API. A gather never fails the run: any error is one warning line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../../exceptions/base';
import type { K8sClient } from '../k8s/client';
import type { Logger } from '../log/logger';
import { collectOverApi, type GatherScope } from './collect';
import { mustGatherArgs, ocOnPath, resolveMustGatherImage, runOcMustGather } from './oc-must-gather';

export const GATHER_DIR_NAME = 'must-gather';
const OC_TIMEOUT_MS = 15 * 60_000;

export interface GatherRequest {
  client: K8sClient;
  dataCollectorDir: string;
  /** What the gather is for (scenario and step, or "session"): the folder's name. */
  label: string;
  mtvNamespace: string;
  scope: GatherScope;
  /** `oc adm must-gather` is for real clusters only; the lab has no image registry to run it. */
  useOc: boolean;
  log: Logger;
}

/** A new folder named after the label (-2, -3, ... when a gather of that name exists). */
function newGatherDir(dataCollectorDir: string, label: string): string {
  const base = label.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  const root = path.join(dataCollectorDir, GATHER_DIR_NAME);
  fs.mkdirSync(root, { recursive: true });
  for (let i = 1; ; i++) {
    const dir = path.join(root, i === 1 ? base : `${base}-${i}`);
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

async function withOc(req: GatherRequest, dir: string): Promise<boolean> {
  if (!req.useOc || !ocOnPath()) return false;
  const image = await resolveMustGatherImage(req.client, req.mtvNamespace);
  if (!image) {
    req.log.warn(`gather ${req.label}: no MTV must-gather image found (CSV MUST_GATHER_IMAGE); using the built-in collector`);
    return false;
  }
  const plans = req.scope.kind === 'plan' ? req.scope.seeds.filter((s) => s.kind === 'Plan' && s.namespace) : [];
  const plan = plans.length === 1 ? { name: plans[0]!.name, namespace: plans[0]!.namespace! } : undefined;
  try {
    await runOcMustGather(req.client, mustGatherArgs(image, dir, plan), dir, OC_TIMEOUT_MS);
    return true;
  } catch (error) {
    req.log.warn(`gather ${req.label}: ${errorMessage(error)}; using the built-in collector`);
    return false;
  }
}

/** Takes one gather; returns its folder, or undefined when it could not be taken (warned). */
export async function takeGather(req: GatherRequest): Promise<string | undefined> {
  try {
    const dir = newGatherDir(req.dataCollectorDir, req.label);
    if (await withOc(req, dir)) {
      req.log.info(`gather ${req.label}: oc adm must-gather wrote ${dir}`);
      return dir;
    }
    const summary = await collectOverApi({ client: req.client, dir, mtvNamespace: req.mtvNamespace, scope: req.scope });
    req.log.info(`gather ${req.label}: ${dir} (${summary.slice(0, 3).join('; ')})`);
    return dir;
  } catch (error) {
    req.log.warn(`gather ${req.label} could not be taken: ${errorMessage(error)}`);
    return undefined;
  }
}
