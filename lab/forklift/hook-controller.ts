/**
 * Hook reconciliation (pkg/controller/hook/validation.go): a local hook needs an image (a valid
 * image reference); an AAP hook must not also carry image/playbook; a playbook must be standard
 * base64 (Go's base64.StdEncoding: padded, newlines ignored). Ready "The hook is ready." otherwise.
 */
import { ConditionStage, type Condition } from './conditions';
import type { Kinds } from './kinds';

interface HookSpec {
  image?: string;
  playbook?: string;
  aap?: { jobTemplateId?: number; url?: string; tokenSecret?: { name?: string } };
}

// The docker/distribution reference grammar, condensed: [registry[:port]/]path[:tag][@digest].
const IMAGE_REF =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

export function isValidImageRef(image: string): boolean {
  return IMAGE_REF.test(image);
}

/** Go base64.StdEncoding.DecodeString acceptance (CR/LF are skipped by the decoder). */
export function isStdBase64(s: string): boolean {
  const t = s.replace(/[\r\n]/g, '');
  return t.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(t);
}

export function validateHook(spec: HookSpec, stage: ConditionStage): void {
  const image = (spec.image ?? '').trim();
  const playbook = (spec.playbook ?? '').trim();
  if (spec.aap) {
    if (image || playbook) {
      stage.set({
        type: 'InvalidHookExecute',
        category: 'Critical',
        reason: 'NotSet',
        message: 'AAP hooks cannot be combined with local `spec.image` or `spec.playbook`; clear those fields or use a local hook instead.',
      });
    } else if (!spec.aap.jobTemplateId || spec.aap.jobTemplateId <= 0) {
      stage.set({ type: 'InvalidHookExecute', category: 'Critical', reason: 'NotSet', message: 'AAP hooks require jobTemplateId > 0.' });
    }
    return;
  }
  if (!image) {
    stage.set({
      type: 'InvalidHookExecute',
      category: 'Critical',
      reason: 'NotSet',
      message: 'Local hooks require `image`; `playbook` is optional. Use `spec.aap` for AAP job templates.',
    });
    return;
  }
  if (!isValidImageRef(image))
    stage.set({ type: 'InvalidImage', category: 'Critical', reason: 'NotSet', message: 'The image name specified in `Image` is invalid.' });
  if (spec.playbook && !isStdBase64(spec.playbook)) {
    stage.set({
      type: 'InvalidPlaybook',
      category: 'Critical',
      reason: 'DataError',
      message: '`Playbook` should contain a base64 encoded playbook.',
    });
  }
}

export class HookController {
  constructor(private readonly kinds: Kinds) {}

  reconcile(namespace: string, name: string): undefined {
    const hook = this.kinds.get('hook', namespace, name);
    if (!hook || hook.metadata.deletionTimestamp) return undefined;
    const stage = new ConditionStage(((hook.status ?? {}) as { conditions?: Condition[] }).conditions ?? []);
    validateHook((hook.spec ?? {}) as HookSpec, stage);
    if (!stage.hasBlocker()) stage.set({ type: 'Ready', category: 'Required', message: 'The hook is ready.' });
    this.kinds.writeStatus('hook', hook, { conditions: stage.commit(), observedGeneration: hook.metadata.generation ?? 1 });
    return undefined;
  }
}
