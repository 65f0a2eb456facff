/** A VM's snapshot tree: walking it, and removing a snapshot (or its subtree) as vSphere does. */
import type { SimSnapshot, SimVm } from './model';

export function* walkSnapshots(list: SimSnapshot[]): Generator<SimSnapshot> {
  for (const s of list) {
    yield s;
    yield* walkSnapshots(s.children);
  }
}

/** Detaches a snapshot; its children move up unless removed with it. Removing the current snapshot makes its parent current. */
export function removeFromTree(vm: SimVm, snapshotMoref: string, removeChildren: boolean): void {
  const detach = (list: SimSnapshot[], parent: SimSnapshot | undefined): SimSnapshot[] =>
    list.flatMap((s) => {
      if (s.moref === snapshotMoref) {
        const removed = removeChildren ? [...walkSnapshots([s])] : [s];
        if (removed.some((x) => x.moref === vm.currentSnapshot)) {
          if (parent) vm.currentSnapshot = parent.moref;
          else delete vm.currentSnapshot;
        }
        return removeChildren ? [] : s.children;
      }
      s.children = detach(s.children, s);
      return [s];
    });
  vm.snapshots = detach(vm.snapshots, undefined);
}
