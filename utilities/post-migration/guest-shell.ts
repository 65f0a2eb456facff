/** The result of one command in a migrated VM's guest. */
export interface GuestCommandResult {
  readonly stdout: string;
  readonly stderr: string;
  /** null when the session ended without an exit status (signal). */
  readonly exitCode: number | null;
}

/** A live shell session in one migrated VM (SSH over virtctl port-forward in the real suite). */
export interface GuestShell {
  run(command: string, options?: { timeoutMs?: number }): Promise<GuestCommandResult>;
}

/** Opens guest sessions; the SSH connection manager (utilities/ssh) implements it. */
export interface GuestShellProvider {
  /** Resolves once an SSH session is established and answered a probe; rejects otherwise. */
  connect(target: { readonly vmName: string; readonly namespace: string; readonly windows: boolean }): Promise<GuestShell>;
}
